// Date filters: --since/--until and date: in the query, partial dates read
// as the period they name (a document dated 2020-06 covers all of June and
// matches any filter that overlaps June), undated documents never match a
// filter, invalid dates are refused with exit 2, and --sort by date.
#include <catch2/catch.hpp>

#include "harness.hpp"
#include "util.hpp"

using e2e::ids_for;
using Ids = std::vector<std::string>;

namespace {

std::string db() { return e2e::samples_index().string(); }

void check_filter(const std::vector<std::string>& args, const Ids& expected) {
    INFO("arguments: " << [&] {
        std::string s;
        for (const auto& a : args) s += a + ' ';
        return s;
    }());
    CHECK(ids_for(db(), args) == e2e::sorted(expected));
}

// A corpus of dates around the end of June 2020.
struct DatedCorpus {
    e2e::TempDir dir;
    std::string db;
    DatedCorpus() {
        dir.write("c/jour-2020-06-30.txt", "date 2020-06-30 Bilan du mois, mot commun datemark.\n");
        dir.write("c/jour-2020-07-01.txt", "date 2020-07-01 Premier juillet, mot commun datemark.\n");
        dir.write("c/jour-2020-06-01.txt", "date 2020-06-01 Premier juin, mot commun datemark.\n");
        dir.write("c/mois-2020-06.txt", "date 2020-06 Un communiqué de juin, mot commun datemark.\n");
        dir.write("c/annee-2020.txt", "date 2020 Un communiqué de l'année, mot commun datemark.\n");
        dir.write("c/jour-2019-12-31.txt", "date 2019-12-31 Saint-Sylvestre, mot commun datemark.\n");
        dir.write("c/jour-2020-02-29.txt", "date 2020-02-29 Jour bissextile, mot commun datemark.\n");
        dir.write("c/sans-date.txt", "Aucune date, mot commun datemark.\n");
        db = (dir / "db").string();
        const auto r = e2e::index({"--db", db, (dir / "c").string()});
        INFO(r.err);
        REQUIRE(r.exit_code == 0);
    }
    Ids ids(const std::vector<std::string>& args) const {
        std::vector<std::string> all = args;
        all.push_back("datemark");
        return ids_for(db, all);
    }
};

}  // namespace

TEST_CASE("dates: --until a month includes its last day, --since a day matches a month that overlaps it") {
    const DatedCorpus c;
    CHECK(c.ids({"--until", "2020-06"}) == e2e::sorted({"annee-2020.txt", "jour-2019-12-31.txt", "jour-2020-02-29.txt",
                                                         "jour-2020-06-01.txt", "jour-2020-06-30.txt",
                                                         "mois-2020-06.txt"}));
    CHECK(c.ids({"--since", "2020-06-15"}) ==
          e2e::sorted({"annee-2020.txt", "jour-2020-06-30.txt", "jour-2020-07-01.txt", "mois-2020-06.txt"}));
    CHECK(c.ids({"--since", "2020-06-15", "--until", "2020-06-20"}) ==
          e2e::sorted({"annee-2020.txt", "mois-2020-06.txt"}));
    CHECK(c.ids({"--since", "2020-06-30", "--until", "2020-06-30"}) ==
          e2e::sorted({"annee-2020.txt", "jour-2020-06-30.txt", "mois-2020-06.txt"}));
    CHECK(c.ids({"--since", "2020-07"}) == Ids{"annee-2020.txt", "jour-2020-07-01.txt"});
    CHECK(c.ids({"--until", "2019"}) == Ids{"jour-2019-12-31.txt"});
    CHECK(c.ids({"--since", "2020-02-29", "--until", "2020-02-29"}) ==
          e2e::sorted({"annee-2020.txt", "jour-2020-02-29.txt"}));
}

TEST_CASE("dates: the same periods with date: in the query, and combined with --since/--until") {
    const DatedCorpus c;
    CHECK(c.ids({"date:2020-06"}) ==
          e2e::sorted({"annee-2020.txt", "jour-2020-06-01.txt", "jour-2020-06-30.txt", "mois-2020-06.txt"}));
    CHECK(c.ids({"date:2020-06-15"}) == e2e::sorted({"annee-2020.txt", "mois-2020-06.txt"}));
    CHECK(c.ids({"date:..2020-06"}) == c.ids({"--until", "2020-06"}));
    CHECK(c.ids({"date:2020-06-15.."}) == c.ids({"--since", "2020-06-15"}));
    // The query's range and the options intersect.
    CHECK(c.ids({"date:2020", "--since", "2020-06-30"}) ==
          e2e::sorted({"annee-2020.txt", "jour-2020-06-30.txt", "jour-2020-07-01.txt", "mois-2020-06.txt"}));
    CHECK(c.ids({"date:2020-06", "--until", "2020-06-15"}) ==
          e2e::sorted({"annee-2020.txt", "jour-2020-06-01.txt", "mois-2020-06.txt"}));
}

TEST_CASE("dates: an undated document matches no filter, but is found without one") {
    const DatedCorpus c;
    CHECK(c.ids({}).size() == 8);
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"--since", "1000"}, {"--until", "9999"}, {"date:1000..9999"}, {"date:2019.."}, {"date:..2020"}}) {
        const auto ids = c.ids(args);
        INFO(args.at(0));
        CHECK(std::find(ids.begin(), ids.end(), "sans-date.txt") == ids.end());
        CHECK(ids.size() == 7);
    }
}

TEST_CASE("dates: date: rows of samples/README.md (partial dates overlap the filter)") {
    check_filter({"date:2018"}, {"meteo-inondations-seine-2018-01-24.txt", "onu-migrations-2018-12-10.txt",
                                 "protection-civile-rapport-2018.txt"});
    check_filter({"date:2019"},
                 {"meteo-canicule-latin1-2019-07.txt", "onu-climat-2019-09-23.txt", "otan-alliances-2019.txt"});
    check_filter({"date:2019-07"}, {"meteo-canicule-latin1-2019-07.txt", "otan-alliances-2019.txt"});
    check_filter({"date:2020"}, {"certfr-avis-cms-2020-01-02.txt", "meteo-tempete-cp1252-2020-02-29.txt",
                                 "otan-cyberattaques-2020-06.txt", "prefecture-bilan-annuel-2020-12-31.txt",
                                 "sante-coronavirus-2020-02-25.txt", "sante-hopitaux-covid-2020-03.txt",
                                 "sante-hopitaux-sans-accents-2020-04-02.txt"});
    check_filter({"date:2020-02"}, {"meteo-tempete-cp1252-2020-02-29.txt", "sante-coronavirus-2020-02-25.txt"});
    check_filter({"date:2020-02-29"}, {"meteo-tempete-cp1252-2020-02-29.txt"});
    check_filter({"date:2020-03"}, {"sante-hopitaux-covid-2020-03.txt"});
    check_filter({"date:2020-06"}, {"otan-cyberattaques-2020-06.txt"});
    check_filter({"date:2020-12-31"}, {"prefecture-bilan-annuel-2020-12-31.txt"});
    check_filter({"date:2021-02"}, {"sante-hopital-rancongiciel-2021-02-16.txt"});
    check_filter({"date:2021-04"}, {"meteo-orages-crlf-bom-2021-04-30.txt"});
    check_filter({"date:2021-04-30"}, {"meteo-orages-crlf-bom-2021-04-30.txt"});
    check_filter({"date:2021-12"}, {"anssi-log4shell-2021-12-10.txt", "certfr-passerelle-vpn-2021-12-14.txt"});
    check_filter({"date:2021-12-10..2021-12-14"},
                 {"anssi-log4shell-2021-12-10.txt", "certfr-passerelle-vpn-2021-12-14.txt"});
    check_filter({"date:2022-02-24"},
                 {"bulletin-2022-001", "otan-ukraine-2022-02-24.txt", "ue-conseil-europeen-2022-02-24.txt"});
    check_filter({"date:2022-03"}, {"bulletin-2022-001", "bulletin-2022-002", "bulletin-2022-003"});
    check_filter({"date:2020-01..2020-04"},
                 {"certfr-avis-cms-2020-01-02.txt", "meteo-tempete-cp1252-2020-02-29.txt",
                  "sante-coronavirus-2020-02-25.txt", "sante-hopitaux-covid-2020-03.txt",
                  "sante-hopitaux-sans-accents-2020-04-02.txt"});
    check_filter({"date:2020-03..2020-06"}, {"otan-cyberattaques-2020-06.txt", "sante-hopitaux-covid-2020-03.txt",
                                             "sante-hopitaux-sans-accents-2020-04-02.txt"});
    check_filter({"date:2023"}, {"anssi-panorama-menace-2023.txt", "interieur-urgence-attentat-2023-10-13.txt",
                                 "otan-cyberdefense-vilnius-2023-07-11.txt", "tv-crues-nord-bilan-2023-11-15.txt",
                                 "tv-france2-crues-nord-2023-11-08.txt", "tv-france3-crues-nord-2023-11-08.txt"});
    check_filter({"date:2024"}, {"interieur-jo-securite-2024-07-26.txt", "sante-mpox-2024-08-14.txt"});
}

TEST_CASE("dates: open ranges date:..2019 and date:2021.. leave out undated and invalid dates") {
    const Ids until_2019 = {"certa-avis-messagerie-2008-01-03.txt",
                            "meteo-canicule-latin1-2019-07.txt", "meteo-inondations-seine-2018-01-24.txt",
                            "onu-climat-2019-09-23.txt",        "onu-migrations-2018-12-10.txt",
                            "otan-alliances-2019.txt",          "protection-civile-rapport-2018.txt"};
    check_filter({"date:..2019"}, until_2019);
    check_filter({"--until", "2019"}, until_2019);
    const Ids since_2021 = {"anssi-log4shell-2021-12-10.txt",
                            "anssi-panorama-menace-2023.txt",
                            "bulletin-2022-001",
                            "bulletin-2022-002",
                            "bulletin-2022-003",
                            "bulletin-2022-004",
                            "bulletin-2022-005",
                            "certfr-alerte-exchange-2021-03-03.txt",
                            "certfr-avis-navigateur-2022-05-11.txt",
                            "certfr-avis-navigateur-revision-2022-05-18.txt",
                            "certfr-passerelle-vpn-2021-12-14.txt",
                            "diplomatie-etats-unis-2021-01-20.txt",
                            "interieur-jo-securite-2024-07-26.txt",
                            "interieur-urgence-attentat-2023-10-13.txt",
                            "meteo-orages-crlf-bom-2021-04-30.txt",
                            "otan-cyberdefense-vilnius-2023-07-11.txt",
                            "otan-sommet-bruxelles-2021-06-14.txt",
                            "otan-ukraine-2022-02-24.txt",
                            "protection-civile-feux-gironde-2022-08-10.txt",
                            "sante-hopital-rancongiciel-2021-02-16.txt",
                            "sante-mpox-2024-08-14.txt",
                            "sante-vaccination-2021-01-27.txt",
                            "tv-crues-nord-bilan-2023-11-15.txt",
                            "tv-france2-crues-nord-2023-11-08.txt",
                            "tv-france3-crues-nord-2023-11-08.txt",
                            "ue-conseil-europeen-2022-02-24.txt"};
    check_filter({"date:2021.."}, since_2021);
    check_filter({"--since", "2021"}, since_2021);
    // Words and a filter: only the dated alliance documents from 2021 on.
    check_filter({"--since", "2021", "alliance"},
                 {"diplomatie-etats-unis-2021-01-20.txt", "otan-cyberdefense-vilnius-2023-07-11.txt",
                  "otan-sommet-bruxelles-2021-06-14.txt", "otan-ukraine-2022-02-24.txt"});
}

TEST_CASE("dates: invalid dates in options are refused with exit 2, naming the value") {
    for (const std::string option : {"--since", "--until"}) {
        for (const std::string bad : {"2020-13", "2021-02-30", "hier", "2020-6", "20200615", "2019-02-29"}) {
            INFO(option << ' ' << bad);
            const auto r = e2e::search({"--db", db(), option, bad, "alliance"});
            CHECK(r.exit_code == 2);
            CHECK(e2e::contains(r.err, bad));
            CHECK(r.out.empty());
        }
    }
}

TEST_CASE("dates: invalid dates in date: are refused with exit 2, naming the value") {
    for (const std::string q : {"date:2020-13", "date:2021-02-30", "date:hier", "alliance date:2020-00",
                                "date:2020-01..2020-13", "date:hier..2020"}) {
        INFO(q);
        const auto r = e2e::search({"--db", db(), "--format", "json", q});
        CHECK(r.exit_code == 2);
        const std::string bad = q.find("13") != std::string::npos   ? "2020-13"
                                : q.find("02-30") != std::string::npos ? "2021-02-30"
                                : q.find("hier") != std::string::npos  ? "hier"
                                                                       : "2020-00";
        CHECK(e2e::contains(r.err, bad));
    }
}

TEST_CASE("dates: 29 February exists only in leap years") {
    CHECK(e2e::search({"--db", db(), "--since", "2020-02-29", "tempête"}).exit_code == 0);
    CHECK(e2e::search({"--db", db(), "date:2020-02-29"}).exit_code == 0);
    CHECK(e2e::search({"--db", db(), "--until", "2021-02-29", "tempête"}).exit_code == 2);
}

TEST_CASE("dates: --sort newest and oldest order hits by date") {
    const Ids newest = {"otan-cyberdefense-vilnius-2023-07-11.txt", "otan-ukraine-2022-02-24.txt",
                        "otan-sommet-bruxelles-2021-06-14.txt",     "diplomatie-etats-unis-2021-01-20.txt",
                        "otan-cyberattaques-2020-06.txt",           "otan-alliances-2019.txt"};
    auto r = e2e::search_json(db(), {"--sort", "newest", "alliance"});
    REQUIRE(r.exit_code == 0);
    CHECK(e2e::hit_ids(r) == newest);
    r = e2e::search_json(db(), {"--sort", "oldest", "alliance"});
    REQUIRE(r.exit_code == 0);
    CHECK(e2e::hit_ids(r) == Ids(newest.rbegin(), newest.rend()));

    // Day, month and year dates interleave by their first day.
    const Ids vigilance_newest = {"sante-mpox-2024-08-14.txt",
                                  "interieur-urgence-attentat-2023-10-13.txt",
                                  "bulletin-2022-005",
                                  "bulletin-2022-004",
                                  "bulletin-2022-001",
                                  "meteo-orages-crlf-bom-2021-04-30.txt",
                                  "prefecture-bilan-annuel-2020-12-31.txt",
                                  "meteo-tempete-cp1252-2020-02-29.txt",
                                  "meteo-canicule-latin1-2019-07.txt",
                                  "meteo-inondations-seine-2018-01-24.txt"};
    r = e2e::search_json(db(), {"--sort", "newest", "--since", "2000", "vigilance"});
    REQUIRE(r.exit_code == 0);
    CHECK(e2e::hit_ids(r) == vigilance_newest);
    r = e2e::search_json(db(), {"--sort", "oldest", "--since", "2000", "vigilance"});
    REQUIRE(r.exit_code == 0);
    CHECK(e2e::hit_ids(r) == Ids(vigilance_newest.rbegin(), vigilance_newest.rend()));
}

TEST_CASE("dates: --sort with paging keeps the date order across pages") {
    const auto all = e2e::search_json(db(), {"--sort", "oldest", "--since", "2000", "vigilance"});
    REQUIRE(all.exit_code == 0);
    std::vector<std::string> paged;
    for (int offset = 0; offset < 12; offset += 3) {
        const auto page = e2e::search({"--db", db(), "--format", "json", "--sort", "oldest", "--since", "2000",
                                       "--limit", "3", "--offset", std::to_string(offset), "vigilance"});
        for (const auto& id : e2e::hit_ids(page)) paged.push_back(id);
    }
    CHECK(paged == e2e::hit_ids(all));
}

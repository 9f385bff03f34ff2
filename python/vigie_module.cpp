// The vigie Python module: the library's Searcher and indexer, with the
// options of the commands as keywords and the answers as objects whose
// attributes are the keys of vigie-search's JSON. A thin front like the
// commands: the JSON (to_dict, json) is written by the library's own code.
#include <pybind11/functional.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <optional>
#include <variant>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <mutex>
#include <thread>

#include "output/result_json.hpp"
#include "search/request_words.hpp"
#include "vigie/indexer.hpp"
#include "vigie/vigie.hpp"

namespace py = pybind11;

namespace {

using Clock = std::chrono::steady_clock;

// vigie.Error and one subclass per exit code, created in PYBIND11_MODULE.
struct Exceptions {
    py::object base, general, missing, locked, incompatible, interrupted;
};
Exceptions* exceptions = nullptr;

[[noreturn]] void raise(vigie::ExitCode code, const std::string& message, const std::string& hint = {}) {
    py::object type;
    switch (code) {
        case vigie::ExitCode::IndexMissing: type = exceptions->missing; break;
        case vigie::ExitCode::IndexLocked: type = exceptions->locked; break;
        case vigie::ExitCode::IndexIncompatible: type = exceptions->incompatible; break;
        case vigie::ExitCode::Interrupted: type = exceptions->interrupted; break;
        default: type = exceptions->general; break;
    }
    py::object error = type(message);
    error.attr("exit_code") = static_cast<int>(code);
    error.attr("hint") = hint.empty() ? py::object(py::none()) : py::object(py::str(hint));
    PyErr_SetObject(type.ptr(), error.ptr());
    throw py::error_already_set();
}

template <typename T>
T choice(const char* name, const std::string& word, const std::map<std::string, T>& words) {
    const auto it = words.find(word);
    if (it == words.end())
        raise(vigie::ExitCode::Error,
              std::string(name) + " is one of " + vigie::request_words::choices_text(words) + ", got '" + word + "'");
    return it->second;
}

py::object null_if_empty(const std::string& s) { return s.empty() ? py::object(py::none()) : py::object(py::str(s)); }

// A path given as str, bytes or os.PathLike.
std::string path_of(const py::handle& value) {
    py::object path = py::module_::import("os").attr("fsdecode")(value);
    return path.cast<std::string>();
}

// One path, or an iterable of them.
std::vector<std::string> paths_of(const py::object& value) {
    py::object os = py::module_::import("os");
    if (py::isinstance<py::str>(value) || py::isinstance<py::bytes>(value) ||
        py::isinstance(value, os.attr("PathLike")))
        return {path_of(value)};
    std::vector<std::string> out;
    for (const py::handle& item : value) out.push_back(path_of(item));
    return out;
}

py::object json_loads(const std::string& text) { return py::module_::import("json").attr("loads")(text); }

// An answer with what its JSON needs besides the result.
struct Result {
    vigie::SearchResult result;
    std::string query;
    double took_ms = 0;
    bool snippets = true;  // without them, the JSON's hits have no snippet keys
};

// A Searcher shared by several Python threads answers one at a time (the
// GIL is released while it searches); a searcher per thread runs in
// parallel.
struct PySearcher {
    std::unique_ptr<vigie::Searcher> searcher;
    std::mutex mutex;

    template <typename F>
    auto call(F&& fn) {
        py::gil_scoped_release release;
        const std::lock_guard<std::mutex> lock(mutex);
        if (!searcher) throw vigie::Error(vigie::ExitCode::Error, "the searcher is closed");
        return fn(*searcher);
    }
};

vigie::SearchRequest make_request(const std::string& query, const std::string& since, const std::string& until,
                                  const std::string& sort, const std::string& match, std::size_t limit,
                                  std::size_t offset, std::size_t snippet_length, bool snippets,
                                  const std::optional<std::string>& timeline, const std::vector<std::string>& facets,
                                  std::size_t facet_limit, bool collapse, const std::string& like) {
    vigie::SearchRequest r;
    r.query = query;
    r.since = since;
    r.until = until;
    r.sort = choice("sort", sort, vigie::request_words::sorts());
    r.match = choice("match", match, vigie::request_words::matches());
    r.limit = limit;
    r.offset = offset;
    if (snippet_length < 20) raise(vigie::ExitCode::Error, "snippet_length is at least 20");
    r.snippet_chars = snippet_length;
    r.snippets = snippets;
    if (timeline) r.timeline = choice("timeline", *timeline, vigie::request_words::timeline_units());
    const auto& names = vigie::Searcher::facet_names();
    for (const auto& f : facets)
        if (std::find(names.begin(), names.end(), f) == names.end())
            raise(vigie::ExitCode::Error, "facet is one of cve, ref, source or year, got '" + f + "'");
    r.facets = facets;
    r.facet_limit = facet_limit;
    r.collapse = collapse;
    r.like = like;
    return r;
}

// Indexing: the calling thread waits with the GIL released; Ctrl-C in
// Python stops the run as SIGINT stops vigie-index (what is done is
// committed), then raises KeyboardInterrupt.
struct IndexRun {
    vigie::IndexSummary summary;
    std::vector<vigie::Diagnostic> diagnostics;
};

IndexRun run_index(vigie::IndexOptions options) {
    IndexRun run;
    std::atomic<bool> stop{false};
    std::atomic<bool> interrupted{false};
    std::mutex diagnostics_mutex;
    vigie::IndexCallbacks callbacks;
    callbacks.on_diagnostic = [&](const vigie::Diagnostic& d) {
        const std::lock_guard<std::mutex> lock(diagnostics_mutex);
        run.diagnostics.push_back(d);
    };
    callbacks.on_progress = [&](const vigie::IndexProgress&) {
        py::gil_scoped_acquire acquire;
        if (PyErr_CheckSignals() != 0) {
            PyErr_Clear();
            interrupted = true;
            stop = true;
        }
    };
    {
        py::gil_scoped_release release;
        run.summary = vigie::run_indexer(options, callbacks, &stop);
    }
    if (interrupted) {
        PyErr_SetNone(PyExc_KeyboardInterrupt);
        throw py::error_already_set();
    }
    return run;
}

// The request of count() and explain(): which communiqués, not how to show them.
vigie::SearchRequest selection_request(const std::string& query, const std::string& since, const std::string& until,
                                       const std::string& match, const std::string& like) {
    return make_request(query, since, until, "relevance", match, 10, 0, 200, true, std::nullopt, {}, 10, true, like);
}

vigie::IndexOptions index_options(const std::string& db, const std::string& stdin_id, bool prune, bool wait,
                                  std::optional<std::size_t> batch_size, std::size_t threads,
                                  std::size_t max_document_size, const std::string& compact, std::size_t shards) {
    vigie::IndexOptions o;
    o.db_path = db;
    o.stdin_id = stdin_id;
    o.prune = prune;
    o.wait_for_lock = wait;
    // None: by the index's size (vigie-index's default).
    if (batch_size && *batch_size == 0) raise(vigie::ExitCode::Error, "batch_size is at least 1");
    o.batch_size = batch_size.value_or(0);
    o.threads = threads;
    if (max_document_size == 0) raise(vigie::ExitCode::Error, "max_document_size is at least 1");
    o.max_document_size = max_document_size;
    static const std::map<std::string, vigie::IndexOptions::Compact> compacts{
        {"auto", vigie::IndexOptions::Compact::Auto},
        {"always", vigie::IndexOptions::Compact::Always},
        {"never", vigie::IndexOptions::Compact::Never}};
    o.compact = choice("compact", compact, compacts);
    o.shards = shards;
    return o;
}

// Records (dicts, or JSON Lines text) handed to the indexer through a pipe
// as standard input: the indexer's own JSON Lines reader reads them, and
// no file is left for --prune to miss. A feeder thread takes them from the
// iterable a few at a time (holding the GIL only meanwhile), so a generator
// of any length is streamed, never held whole.
IndexRun index_records(vigie::IndexOptions options, const py::iterable& records) {
    py::iterator it = py::iter(records);
    py::object dumps = py::module_::import("json").attr("dumps");
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) raise(vigie::ExitCode::Error, std::string("cannot make a pipe: ") + std::strerror(errno));
    options.inputs = {"-"};
    options.stdin_fd = fds[0];
    std::optional<py::error_already_set> feeder_error;
    std::thread feeder([&, fd = fds[1]] {
        // The reader gone (EPIPE) ends the feed; SIGPIPE stays blocked here.
        sigset_t pipe_signal;
        sigemptyset(&pipe_signal);
        sigaddset(&pipe_signal, SIGPIPE);
        pthread_sigmask(SIG_BLOCK, &pipe_signal, nullptr);
        bool more = true;
        while (more) {
            std::string chunk;
            {
                py::gil_scoped_acquire acquire;
                try {
                    for (int n = 0; n < 256 && chunk.size() < (1 << 20); ++n) {
                        if (it == py::iterator::sentinel()) {
                            more = false;
                            break;
                        }
                        const py::handle record = *it;
                        if (py::isinstance<py::str>(record) || py::isinstance<py::bytes>(record)) {
                            std::string line = record.cast<std::string>();
                            while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
                            if (line.find('\n') != std::string::npos)
                                throw py::value_error("a record given as text is one JSON line");
                            chunk += line;
                        } else {
                            chunk += dumps(record, py::arg("ensure_ascii") = false).cast<std::string>();
                        }
                        chunk += '\n';
                        ++it;
                    }
                } catch (py::error_already_set& e) {
                    feeder_error.emplace(std::move(e));
                    more = false;
                } catch (const std::exception& e) {
                    PyErr_SetString(PyExc_ValueError, e.what());
                    feeder_error.emplace();
                    more = false;
                }
            }
            std::size_t done = 0;
            while (done < chunk.size()) {
                const ssize_t n = ::write(fd, chunk.data() + done, chunk.size() - done);
                if (n < 0 && errno == EINTR) continue;
                if (n <= 0) {
                    more = false;
                    break;
                }
                done += static_cast<std::size_t>(n);
            }
        }
        ::close(fd);
    });
    struct Cleanup {
        std::thread& feeder;
        int fd;
        ~Cleanup() {
            ::close(fd);  // a feeder still writing gets EPIPE and ends
            py::gil_scoped_release release;
            feeder.join();
        }
    };
    IndexRun run;
    {
        Cleanup cleanup{feeder, fds[0]};
        run = run_index(options);
    }
    // A record that could not be written (not JSON-serialisable): the ones
    // before it are indexed, then its error is raised.
    if (feeder_error) throw std::move(*feeder_error);
    return run;
}

}  // namespace

PYBIND11_MODULE(vigie, m) {
    m.doc() = R"(Vigie: full-text search of French alert communiqués.

    searcher = vigie.Searcher("vigie.db")
    result = searcher.search("cyberattaques hôpitaux", since="2020-03", limit=5)
    for hit in result.hits:
        print(hit.date, hit.id, hit.title)

Answers carry the keys of vigie-search --format json as attributes
(to_dict() and json() give that JSON exactly). Errors raise vigie.Error
subclasses whose exit_code is the command's exit code.)";

    static Exceptions ex;
    exceptions = &ex;
    py::object exception_type = py::reinterpret_borrow<py::object>(PyExc_Exception);
    py::object builtins = py::module_::import("builtins");
    py::object type = builtins.attr("type");
    const auto make = [&](const char* name, py::object base, int code, const char* doc) {
        py::dict body;
        body["__doc__"] = doc;
        body["__module__"] = "vigie";
        body["exit_code"] = code;
        body["hint"] = py::none();
        py::object t = type(name, py::make_tuple(base), body);
        m.attr(name) = t;
        return t;
    };
    ex.base = make("Error", exception_type, 2, "An error of Vigie; exit_code is the command's exit code, hint what may help.");
    ex.general = make("UsageError", ex.base, 2,
                      "Exit code 2: a bad argument, an invalid date, an unknown id, a damaged or unreadable index.");
    ex.missing = make("IndexMissingError", ex.base, 3, "Exit code 3: no index at the path given.");
    ex.locked = make("IndexLockedError", ex.base, 4, "Exit code 4: another indexer is writing the index.");
    ex.incompatible = make("IndexIncompatibleError", ex.base, 5, "Exit code 5: the index was built by another Vigie version.");
    ex.interrupted = make("Interrupted", ex.base, 130, "Exit code 130: the run was interrupted.");
    py::register_exception_translator([](std::exception_ptr p) {
        try {
            if (p) std::rethrow_exception(p);
        } catch (const vigie::Error& e) {
            py::object t;
            switch (e.code()) {
                case vigie::ExitCode::IndexMissing: t = exceptions->missing; break;
                case vigie::ExitCode::IndexLocked: t = exceptions->locked; break;
                case vigie::ExitCode::IndexIncompatible: t = exceptions->incompatible; break;
                case vigie::ExitCode::Interrupted: t = exceptions->interrupted; break;
                default: t = exceptions->general; break;
            }
            py::object error = t(e.what());
            error.attr("exit_code") = static_cast<int>(e.code());
            error.attr("hint") = null_if_empty(e.hint());
            PyErr_SetObject(t.ptr(), error.ptr());
        }
    });

    m.attr("schema_version") = vigie::kJsonSchemaVersion;

    py::class_<vigie::Copy>(m, "Copy", "Another copy of a hit: the same communiqué under another id or date.")
        .def_readonly("id", &vigie::Copy::id)
        .def_property_readonly("date", [](const vigie::Copy& c) { return null_if_empty(c.date); })
        .def("__repr__", [](const vigie::Copy& c) { return "<vigie.Copy " + c.id + ">"; });

    py::class_<vigie::Hit>(m, "Hit", "One hit; its attributes are the keys of its JSON object.")
        .def_readonly("rank", &vigie::Hit::rank)
        .def_readonly("id", &vigie::Hit::id)
        .def_property_readonly("date", [](const vigie::Hit& h) { return null_if_empty(h.date); })
        .def_property_readonly("date_precision",
                               [](const vigie::Hit& h) { return null_if_empty(std::string(vigie::date_precision(h.date))); })
        .def_readonly("title", &vigie::Hit::title)
        .def_property_readonly("source", [](const vigie::Hit& h) { return null_if_empty(h.source); })
        .def_property_readonly("url", [](const vigie::Hit& h) { return null_if_empty(h.url); })
        .def_property_readonly("path", [](const vigie::Hit& h) { return null_if_empty(h.path); })
        .def_readonly("score", &vigie::Hit::score)
        .def_readonly("partial", &vigie::Hit::partial)
        .def_readonly("snippet", &vigie::Hit::snippet)
        .def_property_readonly("highlights",
                               [](const vigie::Hit& h) {
                                   py::list out;
                                   for (const auto& [b, e] : h.highlights) out.append(py::list(py::make_tuple(b, e)));
                                   return out;
                               })
        .def_readonly("cves", &vigie::Hit::cves)
        .def_readonly("refs", &vigie::Hit::refs)
        .def_readonly("copies", &vigie::Hit::copies)
        .def("to_dict", [](const vigie::Hit& h) { return json_loads(vigie::hit_json(h)); },
             "The hit as vigie-search --format jsonl writes it.")
        .def("json", [](const vigie::Hit& h) { return vigie::hit_json(h); })
        .def("__repr__", [](const vigie::Hit& h) { return "<vigie.Hit " + std::to_string(h.rank) + " " + h.id + ">"; });

    py::class_<vigie::TimelinePeriod>(m, "TimelinePeriod")
        .def_readonly("period", &vigie::TimelinePeriod::period)
        .def_readonly("count", &vigie::TimelinePeriod::count)
        .def("__repr__", [](const vigie::TimelinePeriod& p) { return "<vigie.TimelinePeriod " + p.period + ": " + std::to_string(p.count) + ">"; });

    py::class_<vigie::Timeline>(m, "Timeline", "Matches per period, over the whole match set.")
        .def_property_readonly("unit",
                               [](const vigie::Timeline& t) {
                                   return vigie::request_words::word_of(vigie::request_words::timeline_units(), t.unit);
                               })
        .def_readonly("periods", &vigie::Timeline::periods)
        .def_readonly("undated", &vigie::Timeline::undated)
        .def_readonly("coarser", &vigie::Timeline::coarser);

    py::class_<vigie::FacetValue>(m, "FacetValue")
        .def_readonly("value", &vigie::FacetValue::value)
        .def_readonly("count", &vigie::FacetValue::count)
        .def("__repr__", [](const vigie::FacetValue& v) { return "<vigie.FacetValue " + v.value + ": " + std::to_string(v.count) + ">"; });

    py::class_<Result>(m, "Result", "An answer; its attributes are the keys of vigie-search --format json.")
        .def_property_readonly("hits", [](const Result& r) { return r.result.hits; })
        .def_property_readonly("total", [](const Result& r) { return r.result.total; })
        .def_property_readonly("total_exact", [](const Result& r) { return r.result.total_exact; })
        .def_property_readonly("relaxed", [](const Result& r) { return r.result.relaxed; })
        .def_property_readonly("notices", [](const Result& r) { return r.result.notices; })
        .def_property_readonly("suggestion",
                               [](const Result& r) {
                                   return r.result.suggestion.empty() ? py::object(py::none())
                                                                      : py::object(py::str(r.result.suggestion));
                               })
        .def_property_readonly("timeline",
                               [](const Result& r) {
                                   return r.result.timeline ? py::cast(*r.result.timeline) : py::object(py::none());
                               })
        .def_property_readonly("facets",
                               [](const Result& r) {
                                   py::dict d;
                                   for (const auto& f : r.result.facets) d[py::str(f.name)] = py::cast(f.values);
                                   return d;
                               })
        .def_readonly("query", &Result::query)
        .def_readonly("took_ms", &Result::took_ms)
        .def_readonly_static("schema_version", &vigie::kJsonSchemaVersion)
        .def("json", [](const Result& r, int indent) { return vigie::result_json(r.query, r.result, r.took_ms, indent, nullptr, r.snippets); },
             py::arg("indent") = 2, "The JSON of vigie-search --format json (indent=-1: one line, as --batch).")
        .def("to_dict", [](const Result& r) { return json_loads(vigie::result_json(r.query, r.result, r.took_ms, -1, nullptr, r.snippets)); })
        .def("__len__", [](const Result& r) { return r.result.hits.size(); })
        .def("__iter__", [](py::object self) { return self.attr("hits").attr("__iter__")(); })
        .def("__repr__", [](const Result& r) {
            return "<vigie.Result " + std::to_string(r.result.hits.size()) + " hits of " + std::to_string(r.result.total) + ">";
        });

    py::class_<vigie::Explanation>(m, "Explanation", "The query as understood (vigie-search --explain).")
        .def_readonly("query", &vigie::Explanation::query)
        .def_readonly("rewritten", &vigie::Explanation::rewritten)
        .def_readonly("tree", &vigie::Explanation::tree)
        .def_readonly("xapian_query", &vigie::Explanation::xapian)
        .def_property_readonly("date_range", [](const vigie::Explanation& e) { return null_if_empty(e.date_range); })
        .def_readonly("match", &vigie::Explanation::match)
        .def_readonly("notices", &vigie::Explanation::notices)
        .def("to_dict", [](const vigie::Explanation& e) { return json_loads(vigie::explanation_json(e)); });

    py::class_<vigie::Document>(m, "Document", "One communiqué whole (vigie-search --show).")
        .def_readonly("id", &vigie::Document::id)
        .def_property_readonly("date", [](const vigie::Document& d) { return null_if_empty(d.date); })
        .def_property_readonly("date_precision",
                               [](const vigie::Document& d) { return null_if_empty(std::string(vigie::date_precision(d.date))); })
        .def_readonly("title", &vigie::Document::title)
        .def_property_readonly("source", [](const vigie::Document& d) { return null_if_empty(d.source); })
        .def_property_readonly("url", [](const vigie::Document& d) { return null_if_empty(d.url); })
        .def_property_readonly("path", [](const vigie::Document& d) { return null_if_empty(d.path); })
        .def_readonly("cves", &vigie::Document::cves)
        .def_readonly("refs", &vigie::Document::refs)
        .def_readonly("text", &vigie::Document::text)
        .def("to_dict", [](const vigie::Document& d) { return json_loads(vigie::document_json(d)); });

    py::class_<PySearcher>(m, "Searcher", R"(An index opened read-only.

Searcher("vigie.db"), Searcher(["2023.db", "2024.db"]) (searched as one), a
stub of shards or "tcp://HOST:PORT"; Searcher() opens $VIGIE_DB, else
./vigie.db. Each search sees the index's last commit. One Searcher per
thread searches in parallel (the GIL is released); one shared by threads
answers them one at a time.)")
        .def(py::init([](const py::object& db) {
                 const std::vector<std::string> databases = db.is_none() ? std::vector<std::string>{} : paths_of(db);
                 auto s = std::make_unique<PySearcher>();
                 py::gil_scoped_release release;
                 s->searcher = std::make_unique<vigie::Searcher>(databases);
                 return s;
             }),
             py::arg("db") = py::none())
        .def(
            "search",
            [](PySearcher& s, const std::string& query, const std::string& since, const std::string& until,
               const std::string& sort, const std::string& match, std::size_t limit, std::size_t offset,
               std::size_t snippet_length, bool snippets, const std::optional<std::string>& timeline,
               const std::vector<std::string>& facets, std::size_t facet_limit, bool collapse, const std::string& like,
               const std::string& suggest, bool synonyms, const std::string& synonyms_file) {
                vigie::SearchRequest request = make_request(query, since, until, sort, match, limit, offset,
                                                            snippet_length, snippets, timeline, facets, facet_limit,
                                                            collapse, like);
                request.suggest = choice("suggest", suggest, vigie::request_words::suggests());
                request.synonyms = synonyms;
                request.synonyms_file = synonyms_file;
                Result r;
                r.query = query;
                r.snippets = request.snippets;
                const auto start = Clock::now();
                r.result = s.call([&](vigie::Searcher& searcher) { return searcher.search(request); });
                r.took_ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
                return r;
            },
            py::arg("query") = "", py::kw_only(), py::arg("since") = "", py::arg("until") = "",
            py::arg("sort") = "relevance", py::arg("match") = "auto", py::arg("limit") = 10, py::arg("offset") = 0,
            py::arg("snippet_length") = 200, py::arg("snippets") = true, py::arg("timeline") = py::none(),
            py::arg("facets") = std::vector<std::string>{}, py::arg("facet_limit") = 10, py::arg("collapse") = true,
            py::arg("like") = "", py::arg("suggest") = "auto", py::arg("synonyms") = true,
            py::arg("synonyms_file") = "",
            R"(Searches, as vigie-search QUERY with the same options: since/until (2020, 2020-06,
2020-06-15), sort (relevance, newest, oldest, recent), match (auto, all, any), suggest (auto,
never), synonyms (False: --no-synonyms), synonyms_file (--synonyms FILE), limit,
offset, snippet_length, snippets, timeline (day, month, year), facets (cve,
ref, source, year), facet_limit, collapse (False: --no-collapse), like (an id).)")
        .def(
            "count",
            [](PySearcher& s, const std::string& query, const std::string& since, const std::string& until,
               const std::string& match, const std::string& like) {
                const vigie::SearchRequest request = selection_request(query, since, until, match, like);
                return s.call([&](vigie::Searcher& searcher) { return searcher.count(request); });
            },
            py::arg("query") = "", py::kw_only(), py::arg("since") = "", py::arg("until") = "",
            py::arg("match") = "auto", py::arg("like") = "", "The exact number of matching communiqués (--count).")
        .def(
            "explain",
            [](PySearcher& s, const std::string& query, const std::string& since, const std::string& until,
               const std::string& match, const std::string& like) {
                const vigie::SearchRequest request = selection_request(query, since, until, match, like);
                return s.call([&](vigie::Searcher& searcher) { return searcher.explain(request); });
            },
            py::arg("query") = "", py::kw_only(), py::arg("since") = "", py::arg("until") = "",
            py::arg("match") = "auto", py::arg("like") = "", "The query as understood (--explain).")
        .def(
            "document",
            [](PySearcher& s, const std::string& id) {
                return s.call([&](vigie::Searcher& searcher) { return searcher.document(id); });
            },
            py::arg("id"), "One communiqué whole, by its id (--show ID).")
        .def_property_readonly("document_count",
                               [](PySearcher& s) {
                                   return s.call([](vigie::Searcher& searcher) { return searcher.document_count(); });
                               })
        .def("close", [](PySearcher& s) {
            py::gil_scoped_release release;
            const std::lock_guard<std::mutex> lock(s.mutex);
            s.searcher.reset();
        })
        .def("__enter__", [](py::object self) { return self; })
        .def("__exit__", [](PySearcher& s, py::args) {
            py::gil_scoped_release release;
            const std::lock_guard<std::mutex> lock(s.mutex);
            s.searcher.reset();
        })
        .def_property_readonly_static("facet_names", [](py::object) { return vigie::Searcher::facet_names(); });

    py::class_<vigie::Diagnostic>(m, "Diagnostic", "A warning or a skip of the indexer, naming file or file:line.")
        .def_property_readonly("level",
                               [](const vigie::Diagnostic& d) {
                                   return d.level == vigie::Diagnostic::Level::Skipped ? "skipped" : "warning";
                               })
        .def_readonly("location", &vigie::Diagnostic::location)
        .def_readonly("message", &vigie::Diagnostic::message)
        .def("__repr__", [](const vigie::Diagnostic& d) { return "<vigie.Diagnostic " + d.location + ": " + d.message + ">"; });

    py::class_<IndexRun>(m, "IndexSummary", "What an indexing run did; the keys of vigie-index --json as attributes.")
        .def_property_readonly("indexed", [](const IndexRun& r) { return r.summary.indexed; })
        .def_property_readonly("updated", [](const IndexRun& r) { return r.summary.updated; })
        .def_property_readonly("unchanged", [](const IndexRun& r) { return r.summary.unchanged; })
        .def_property_readonly("removed", [](const IndexRun& r) { return r.summary.removed; })
        .def_property_readonly("skipped", [](const IndexRun& r) { return r.summary.skipped; })
        .def_property_readonly("warnings", [](const IndexRun& r) { return r.summary.warnings; })
        .def_property_readonly("files", [](const IndexRun& r) { return r.summary.files; })
        .def_property_readonly("bytes", [](const IndexRun& r) { return r.summary.bytes; })
        .def_property_readonly("transcoded_files", [](const IndexRun& r) { return r.summary.transcoded; })
        .def_property_readonly("seconds", [](const IndexRun& r) { return r.summary.seconds; })
        .def_property_readonly("interrupted", [](const IndexRun& r) { return r.summary.interrupted; })
        .def_property_readonly("compacted", [](const IndexRun& r) { return r.summary.compacted; })
        .def_property_readonly("documents_in_index", [](const IndexRun& r) { return r.summary.documents_in_index; })
        .def_property_readonly("skipped_inputs", [](const IndexRun& r) { return r.summary.skipped_reasons; })
        .def_readonly("diagnostics", &IndexRun::diagnostics, "Every warning and skip, in order.")
        .def("to_dict", [](const IndexRun& r) { return json_loads(vigie::summary_json(r.summary)); })
        .def("__repr__", [](const IndexRun& r) {
            return "<vigie.IndexSummary indexed=" + std::to_string(r.summary.indexed) +
                   " updated=" + std::to_string(r.summary.updated) + " skipped=" + std::to_string(r.summary.skipped) + ">";
        });

    m.def(
        "index",
        [](const py::object& db, const py::object& inputs, const std::string& stdin_id, bool prune, bool wait, std::optional<std::size_t> batch_size, std::size_t threads,
           std::size_t max_document_size, const std::string& compact, std::size_t shards) {
            vigie::IndexOptions o = index_options(path_of(db), stdin_id, prune, wait, batch_size, threads,
                                                  max_document_size, compact, shards);
            o.inputs = paths_of(inputs);
            return run_index(o);
        },
        py::arg("db"), py::arg("inputs"), py::kw_only(), py::arg("stdin_id") = "", py::arg("prune") = false,
        py::arg("wait") = false, py::arg("batch_size") = py::none(), py::arg("threads") = 0,
        py::arg("max_document_size") = 8 << 20, py::arg("compact") = "auto", py::arg("shards") = 0,
        R"(Indexes files and folders into db, as vigie-index --db DB INPUTS... with the same
options (prune, wait, batch_size, threads, max_document_size, compact, shards).
Returns an IndexSummary; fatal problems raise vigie.Error subclasses.)");
    m.def(
        "index_records",
        [](const py::object& db, const py::iterable& records, bool wait, std::optional<std::size_t> batch_size, std::size_t threads,
           std::size_t max_document_size, const std::string& compact, std::size_t shards) {
            vigie::IndexOptions o =
                index_options(path_of(db), "", false, wait, batch_size, threads, max_document_size, compact, shards);
            return index_records(o, records);
        },
        py::arg("db"), py::arg("records"), py::kw_only(), py::arg("wait") = false, py::arg("batch_size") = py::none(),
        py::arg("threads") = 0, py::arg("max_document_size") = 8 << 20, py::arg("compact") = "auto",
        py::arg("shards") = 0,
        R"(Indexes records (dicts with id, date, title, body or text, source, url; or JSON
lines) into db, as vigie-index reads JSON Lines on standard input. A record
whose id is known replaces the old one.)");
}

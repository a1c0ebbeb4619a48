"""The loaders of the public truth-discovery benchmarks (benchmarks/truth_datasets.py).

The normalisers are checked against tables of raw strings worked out by hand
from ../shared/benchmarks/README.md and the files themselves; each loader is
checked on the first lines of its file, with counts taken with shell tools
(``head``, ``cut``, ``sort -u``, ``wc -l``; the command is next to each count).
The normalisers need no data; the loaders need ../shared/benchmarks (or
$RECONCILE_BENCHMARK_DATA), and skip without it, saying where they looked,
unless RECONCILE_REQUIRE_DATA=1 (as in CI), where a missing folder fails.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from benchmarks import truth_datasets as td

import reconcile
from reconcile import Category, MentionClusterer, Polarity, Quantity, TimeSpan


@pytest.fixture(scope="module")
def data(benchmark_data: Path) -> Path:
    """The benchmark data folder (see the `benchmark_data` fixture in conftest.py)."""
    return benchmark_data


# --------------------------------------------------------------------------- normalisers


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("7:10 a.m.", "07:10"),
        ("9:40 a.m.", "09:40"),
        ("7:45 p.m.", "19:45"),
        ("12:15 a.m.", "00:15"),
        ("12:35 p.m.", "12:35"),
        ("12/02/2011 6:55 a.m.", "06:55"),
        ("12/2/11 12:21 a.m.", "00:21"),
        ("12/2/2011 6:55 a.m.", "06:55"),
        ("11/30/2011 11:34 p.m.", "23:34"),
        ("11/30 8:00 p.m.", "20:00"),
        ("6:55 a.m. Dec 02", "06:55"),
        ("5:50 a.m.Dec 02", "05:50"),
        ("Dec 02 6:55 a.m.", "06:55"),
        ("Fri Dec 2 12:29 a.m.", "00:29"),
        ("6:55 a.m.  Fri 02-Dec-2011", "06:55"),
        ("7:10aDec 1", "07:10"),
        ("11:55aDec 1", "11:55"),
        ("2:45P 12-01-11", "14:45"),
        ("10:08A", "10:08"),
        ("12:00noon", "12:00"),
        ("Thu  22:15", "22:15"),
        ("Thu  7:45", "07:45"),
        ("12:30", "12:30"),
        ("6:47 p.m. (Estimated runway)", "18:47"),
        ("1:50 p.m. (+8:00)", "13:50"),
        ("9:05 a.m. (-00:00)", "09:05"),
        ("10:39 p.m.&nbsp(Estimated)", "22:39"),
        ("9:19 p.m.*", "21:19"),
        ("3:20 p.m. (Runway)", "15:20"),
        ("12:35 p.m.            Delayed", "12:35"),
        ("11:08 p.m.            On Time", "23:08"),
        ("Not Available", None),
        ("Contact Airline", None),
        ("Dec 02 Not Available", None),
        ("Dec 02 Contact Airline", None),
        ("", None),
    ],
)
def test_normalise_time(raw: str, expected: str | None) -> None:
    assert td.normalise_time(raw) == expected


def test_clock_span_is_the_minute_on_the_crawl_day() -> None:
    span = td.clock_span("23:05")
    assert isinstance(span, TimeSpan)
    assert span.isoformat() == "2011-12-01T23:05Z"
    assert (span.end - span.start).in_seconds() == 60


HUSTON = ("huston, stephen", "johnson, james", "syyid, umar")
STEVENS = ("stevens, w", "wright, gary")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Knuth, Donald E.", ("knuth, donald",)),
        ("Knuth", ("knuth",)),
        ("Not Available", None),
        ("", None),
        ("  ", None),
        ("Joshua Bloch", ("bloch, joshua",)),
        ("BLOCH, JOSH", ("bloch, josh",)),
        ("Bloch, Joshua, foreword by Guy Steele", ("bloch, joshua",)),
        ("Bloch, Josh, and Steele, Guy L, Jr. (Foreword by)", ("bloch, josh",)),
        (
            "Bloch, Joshua (Author) Steele, Guy L., Jr. (Foreword by) Bloch, Josh (Author)",
            ("bloch, josh", "bloch, joshua"),
        ),
        ("Elliotte Rusty Harold", ("harold, elliotte",)),
        ("Harold, Elliotte Rusty", ("harold, elliotte",)),
        ("Elliotte R. Harold", ("harold, elliotte",)),
        ("Stevens, W. RichardWright, Gary R.", STEVENS),
        ("W. R. Stevens, Gary R. Wright", STEVENS),
        ("Stevens, W.Richard; Wright, Gary R.", STEVENS),
        ("Stevens, W. Richard (Author) Wright, Gary R. (Joint Author)", STEVENS),
        ("Huston, Stephen D., Johnson, James CE, Syyid, Umar", HUSTON),
        ("Huston, Stephen D.; Johnson, James CE; Syyid, Umar", HUSTON),
        ("Huston, Stephen D./ Johnson, James C. E./ Syyid, Umar", HUSTON),
        ("HUSTON, STEPHEN D. JOHNSON, JAMES SYYID, UMAR", HUSTON),
        ("Huston, Stephen D.Johnson, James CESyyid, Umar", HUSTON),
        ("Stephen D. Huston; James CE Johnson; Umar Syyid", HUSTON),
        ("Stephen D. Huston, James CE Johnson, Umar Syyid", HUSTON),
        ("Dowd, Mark; McDonald, John", ("dowd, mark", "mcdonald, john")),
        ("Kevin T. Price, Jeffrey P. McManus", ("mcmanus, jeffrey", "price, kevin")),
        ("Robert Sedgewick , Philippe Flajolet", ("flajolet, philippe", "sedgewick, robert")),
        ("Adams &amp; Scollard", ("adams", "scollard")),
        ("Zo&eacute; Lacroix", ("lacroix, zoe",)),
        (
            "Timothy J Oandapos;Leary, Linda I Oandapos;Leary",
            ("o'leary, linda", "o'leary, timothy"),
        ),
        (
            "Coulouris, GeorgeBRDollimore, JeanBRKindberg, Tim",
            ("coulouris, george", "dollimore, jean", "kindberg, tim"),
        ),
        ("Thomas A. Sudkamp , Wright State University", ("sudkamp, thomas",)),
        ("Andrew Conry-Murray Vincent Weafer", ("conry-murray, andrew", "weafer, vincent")),
        ("ROZANSKI, NICK WOODS, EOIN", ("rozanski, nick", "woods, eoin")),
        ("Van Der Aalst, Wil M. P.", ("van der aalst, wil",)),
        ("Wil van der Aalst", ("van der aalst, wil",)),
        ("Huston, Stephen D. et al", ("huston, stephen",)),
        ("Paul Becker Stephen D. Huston John Fuller James CE Johnson", None),
    ],
)
def test_normalise_authors(raw: str, expected: tuple[str, ...] | None) -> None:
    assert td.normalise_authors(raw) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("aiken, peter ;  allen, m. david;", {"aiken, peter", "allen, m"}),
        ("stevens, w. richard;  wright, gary r. ;", {"stevens, w", "wright, gary"}),
        ("o'leary, timothy j.;  o'leary, linda i.;", {"o'leary, timothy", "o'leary, linda"}),
        ("jenssen, c. b.;  Ecer, A.;", {"jenssen, c", "ecer, a"}),
    ],
)
def test_gold_authors(line: str, expected: set[str]) -> None:
    assert td.gold_authors(line) == frozenset(expected)


def test_population_key_strips_the_fields_of_truth_csv() -> None:
    assert td.population_key("cleveland", " ohio", " 2000") == "cleveland, ohio_2000"


# --------------------------------------------------------------------------- data location


def test_data_root_names_what_is_missing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(td.DATA_ENV, str(tmp_path))
    with pytest.raises(td.MissingDataError, match=td.DATA_ENV):
        td.data_root()


def test_data_root_follows_the_environment(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(td.DATA_ENV, str(data))
    assert td.data_root() == data
    assert (data / "README.md").is_file()


# --------------------------------------------------------------------------- loaders


def test_flights_slice(data: Path) -> None:
    benchmark = td.load_flights(limit=20, root=data)
    dataset = benchmark.dataset
    # head -21 dirty.csv | tail -20 | cut -d, -f2 | sort -u | wc -l  -> 1 (aa)
    assert [source.id for source in dataset.sources] == ["aa"]
    # ... | cut -d, -f3 | sort -u | wc -l  -> 20
    assert len(dataset.events) == 20
    # ... | cut -d, -f4-7 | tr ',' '\n' | grep -c ':'  -> 75 (5 empty cells)
    assert len(dataset.claims) == 75
    assert all(isinstance(claim.value, TimeSpan) for claim in dataset.claims)
    assert len(benchmark.gold) == 20 * 4
    assert benchmark.gold[("AA-3859-IAH-ORD", "sched_dep_time")] == "07:10"
    # aa's 75 cells equal clean.csv's but for the date of "12/02/2011 6:55 a.m.";
    # the 5 empty cells leave 5 gold items unanswered.
    score = benchmark.score(td.majority_vote(dataset))
    assert (score.correct, score.scored) == (75, 80)


def test_flights_as_categories(data: Path) -> None:
    benchmark = td.load_flights(representation="category", limit=20, root=data)
    labels = {claim.value for claim in benchmark.dataset.claims}
    assert Category(label="06:55") in labels
    score = benchmark.score(td.majority_vote(benchmark.dataset))
    assert (score.correct, score.scored) == (75, 80)


def test_books_first_lines(data: Path) -> None:
    # head -5 book.txt: Not Available, Knuth, Donald E., (empty), Knuth, Donald E., Knuth
    modes: tuple[td.BookMode, ...] = ("set", "multi", "multi-closed")
    by_mode = {mode: td.load_books(mode=mode, limit=5, root=data).dataset for mode in modes}
    for dataset in by_mode.values():
        assert len(dataset.sources) == 5
        assert [event.id for event in dataset.events] == ["0201853949"]
    said = sorted(str(claim.value) for claim in by_mode["set"].claims)
    assert said == ["knuth", "knuth, donald", "knuth, donald"]
    assert len(by_mode["multi"].claims) == 3
    closed = by_mode["multi-closed"].claims
    # Each of the 3 sellers denies the one key it does not give.
    assert sum(claim.polarity is Polarity.DENIES for claim in closed) == 3
    assert len(closed) == 6


def test_books_slice_with_a_gold_book(data: Path) -> None:
    benchmark = td.load_books(limit=370, root=data)
    # head -370 book.txt | cut -f1 | sort -u | wc -l  -> 66
    assert len(benchmark.dataset.sources) == 66
    # head -370 book.txt | cut -f2 | sort -u | wc -l  -> 13
    assert len(benchmark.dataset.events) == 13
    # Lines 368-370 are 020140009X, the first ISBN of book_golden.txt in book.txt.
    assert benchmark.gold == {
        ("020140009X", "authors"): frozenset({"sedgewick, robert", "flajolet, philippe"})
    }
    score = benchmark.score(td.majority_vote(benchmark.dataset))
    assert (score.correct, score.scored) == (1, 1)


def test_population_slice(data: Path) -> None:
    benchmark = td.load_population(limit=50, root=data)
    dataset = benchmark.dataset
    assert len(dataset.claims) == 50
    # head -50 claims.tsv | cut -f1 | sort -u | wc -l  -> 47
    assert len(dataset.events) == 47
    # head -50 claims.tsv | cut -f2 | sort -u | wc -l  -> 44
    assert len(dataset.sources) == 44
    # ... | cut -f1 | sort -u | comm -12 - <(truth.csv keys)  -> 14 items
    assert len(benchmark.gold) == 14
    assert all(isinstance(claim.value, Quantity) for claim in dataset.claims)
    assert "flint, michigan_2000" in {event.label for event in dataset.events}


def test_population_whole_file_is_split_on_line_feeds_only(data: Path) -> None:
    benchmark = td.load_population(root=data)
    # wc -l claims.tsv -> 4183; cut -f1 | sort -u | wc -l -> 1172; cut -f2 | ... -> 2415
    assert len(benchmark.dataset.claims) == 4183
    assert len(benchmark.dataset.events) == 1172
    assert len(benchmark.dataset.sources) == 2415
    # 277 of the 308 rows of truth.csv match an item (README).
    assert len(benchmark.gold) == 277


def test_population_score_counts_exact_figures(data: Path) -> None:
    benchmark = td.load_population(limit=50, root=data)
    answers: dict[td.Item, td.Answer] = {
        item: Quantity.exact(value + 10)
        for item, value in benchmark.gold.items()
        if isinstance(value, int)
    }
    score = benchmark.score(answers)
    assert (score.correct, score.scored) == (0, 14)
    assert score.extra == {"mae": 10.0, "median_ae": 10.0}


@pytest.mark.parametrize("hierarchy", [True, False])
def test_birthplaces_slice(data: Path, hierarchy: bool) -> None:
    benchmark = td.load_birthplaces(hierarchy=hierarchy, limit=20, root=data)
    dataset = benchmark.dataset
    assert len(dataset.claims) == 20
    # head -21 claims.csv | tail -20 | rev | cut -d, -f3- | rev | sort -u | wc -l  -> 10
    assert len(dataset.events) == 10
    # ... | rev | cut -d, -f2 | rev | sort -u  -> howold, wikipedia, wikiquote
    assert sorted(source.name for source in dataset.sources) == ["howold", "wikipedia", "wikiquote"]
    assert len(benchmark.gold) == 10
    # By hand from head -11 groundtruths.csv: the majority (ties to the first label)
    # names the leaf for Darsow, Alter, Graynor, Choi and Bader; California (Sage),
    # Puerto Rico (Torres), Glasgow (Barrowman) and England (Swinton) lie on the gold
    # path; South Wales (Strahovski) does not.
    score = benchmark.score(td.majority_vote(dataset))
    assert (score.correct, score.scored) == (5, 10)
    assert score.extra == {"on_path": 0.9}


def test_birthplace_taxonomy(data: Path) -> None:
    benchmark = td.load_birthplaces(limit=20, root=data)
    taxonomy = benchmark.dataset.attributes[0].taxonomy
    assert taxonomy is not None
    assert taxonomy.specialises("Los Angeles", "USA")
    assert not taxonomy.specialises("Los Angeles", "UK")


def test_place_tree_labels_duplicate_names_by_id(data: Path) -> None:
    tree = td.PlaceTree.read(data / "birthplaces" / "hierarchy.csv")
    # grep ',New York,' hierarchy.csv -> 1119,New York,843 (the state) and 1224,New York,1119
    assert tree.labels["1119"] == "New York #1119"
    assert tree.labels["1224"] == "New York #1224"
    assert tree.parents["1224"] == "1119"
    assert tree.labels["843"] == "USA"
    # A bare "New York" is read as the deepest place of that name.
    assert tree.resolve("New York", []) == "1224"


def test_declared_events_cluster_as_the_mention_clusterer_does(data: Path) -> None:
    dataset = td.load_population(limit=50, root=data).dataset
    ours = {(c.id, c.claims) for c in reconcile.DeclaredEvents().cluster(dataset)}
    default = {(c.id, c.claims) for c in MentionClusterer().cluster(dataset)}
    assert ours == default

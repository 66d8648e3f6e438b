"""The learned judgement: training, the shipped model, and how it combines with the rubric."""

from __future__ import annotations

import dataclasses
import datetime as dt
import gzip
import json
import math
import random
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from evidencer.classify import learned
from evidencer.classify import train as learned_train
from evidencer.classify.combine import TRAILER
from evidencer.classify.explain import explain_item, side_by_side
from evidencer.classify.judge import classify, commit_types, default_rule_ids, fires
from evidencer.classify.learned import (
    FORMAT,
    LinearModel,
    features,
    shipped_model,
    softmax_logits,
)
from evidencer.classify.rubric import Rubric, load_rubric
from evidencer.cli.main import cli
from evidencer.config import load_config, merge_settings
from evidencer.errors import ConfigError
from evidencer.model import Actor, Classified, Evidence, Facts, Person, Reporter

ROOT = Path(__file__).resolve().parents[1]
TRAIN = ROOT / "scripts" / "train_model.py"
ALICE = Person(names=("Alice Doe",), emails=("alice@example.com",))
COMPETENCIES = ["customer-empathy", "customer-value", "product-stability"]
EMPATHY, STABILITY, VALUE = "customer-empathy", "product-stability", "customer-value"


SPONSORS = "sponsor or adopter list, or logos"
CREDITS = "credits or acknowledgements"
BUILD = "build-system upkeep"
CHECKERS = "linter, checker or update-bot configuration only"
TESTS = "test-suite upkeep"


def item(title: str, **fields: Any) -> Evidence:
    values: dict[str, Any] = {
        "id": "pr:acme/widgets#1", "kind": "pull_request", "repo": "acme/widgets",
        "title": title, "date": dt.datetime(2026, 3, 1, tzinfo=dt.timezone.utc),
        "actors": (Actor(role="author", name="Alice Doe", email="alice@example.com"),),
    }
    values.update(fields)
    return Evidence(**values)


def toy_model(**weights: list[float]) -> LinearModel:
    """A model that claims only what its few weights say (threshold 0.5 on sigmoid)."""
    return LinearModel({
        "format": FORMAT, "competencies": COMPETENCIES,
        "platt": [[1.0, 0.0]] * 3, "thresholds": [0.5] * 3,
        "rule_confidence": {"product-stability": 0.93},
        "weights": {"bias": [-6.0, -6.0, -6.0], **weights},
    }, source="<toy>")


# --- training -------------------------------------------------------------------------------

SIGNS = {
    "product-stability": ["fix crash when {} is empty", "fix panic in {} parser",
                          "handle timeout in {} client", "fix wrong result from {}"],
    "customer-value": ["add {} export option", "support {} format", "new {} command",
                       "add flag to choose {} output"],
    "customer-empathy": ["clarify {} docs", "clearer error message for bad {}",
                         "document the {} setting", "explain {} in the guide"],
    "": ["bump {} from 1.2 to 1.3", "fix typo in {} readme", "ci: cache {} builds",
         "refactor {} module"],
}
THINGS = ["config", "cache", "upload", "token", "report", "plugin", "schema", "query"]


def write_corpus(folder: Path) -> tuple[Path, Path]:
    """Four repositories of plainly worded items and their labels."""
    prs, labels = [], []
    for r, repo in enumerate(("acme/one", "acme/two", "acme/three", "acme/four")):
        number = 0
        for competency, patterns in SIGNS.items():
            for pattern in patterns:
                for thing in THINGS[r:r + 5]:
                    number += 1
                    key = f"{repo}#{number}"
                    prs.append({"id": key, "repo": repo, "number": number,
                                "title": pattern.format(thing), "body": "",
                                "paths": [f"src/{thing}.py"], "labels": []})
                    labels.append({"id": key, "competencies": [competency] if competency
                                   else [], "routine": not competency, "note": ""})
    corpus = folder / "prs.jsonl.gz"
    corpus.write_bytes(gzip.compress(
        "".join(json.dumps(p) + "\n" for p in prs).encode(), mtime=0))
    label_file = folder / "labels-a.jsonl"
    label_file.write_text("".join(json.dumps(x) + "\n" for x in labels))
    return corpus, label_file


def train(corpus: Path, out: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(TRAIN), "--corpus", str(corpus), "--out", str(out),
         "--folds", "4"],
        capture_output=True, text=True, check=False,
    )


def test_the_training_script_writes_the_same_bytes_for_the_same_corpus(tmp_path: Path) -> None:
    corpus, _ = write_corpus(tmp_path)

    first = train(corpus, tmp_path / "first.json.gz")
    second = train(corpus, tmp_path / "second.json.gz")

    assert first.returncode == 0, first.stderr
    assert second.returncode == 0, second.stderr
    assert (tmp_path / "first.json.gz").read_bytes() == (tmp_path / "second.json.gz").read_bytes()
    assert "trained on 320 items from 4 repositories" in first.stderr


def test_a_trained_model_loads_and_judges_a_new_item(tmp_path: Path) -> None:
    corpus, _ = write_corpus(tmp_path)
    assert train(corpus, tmp_path / "model.json.gz").returncode == 0

    model = LinearModel.load(tmp_path / "model.json.gz")
    judged = {j.competency: j for j in model.judge(
        "fix crash when query is empty", "", ["src/query.py"], [])}

    assert model.competencies == tuple(COMPETENCIES)
    assert model.meta["rows"] == 320
    assert judged["product-stability"].shown
    assert not judged["customer-value"].shown
    assert judged["product-stability"].probability > judged["customer-value"].probability
    assert "'crash'" in judged["product-stability"].reason() \
        or "'fix'" in judged["product-stability"].reason()


def test_a_softmax_model_lets_one_competency_crowd_out_another_on_the_same_words() -> None:
    weights = {"bias": [-6.0, -6.0, -6.0], "t:fix": [0.0, 0.0, 8.0], "t:add": [0.0, 8.0, 0.0]}
    data = {"format": FORMAT, "competencies": COMPETENCIES, "platt": [[1.0, 0.0]] * 3,
            "thresholds": [0.5] * 3, "weights": weights}
    apart = LinearModel({**data, "link": "logistic"}, source="<one-vs-rest>")
    together = LinearModel({**data, "link": "softmax"}, source="<softmax>")

    both = ["bias", "t:fix", "t:add"]
    one = ["bias", "t:fix"]

    assert [p >= 0.5 for p in apart.probabilities(both)] == [False, True, True]
    assert [p >= 0.5 for p in together.probabilities(both)] == [False, False, False]
    assert [p >= 0.5 for p in together.probabilities(one)] == [False, False, True]
    assert sum(together.probabilities(both)) < 1.0


def test_softmax_log_odds_are_each_outcome_against_all_the_others() -> None:
    margins = [1.0, -2.0, 0.5]

    logits = softmax_logits(margins)

    total = 1.0 + sum(math.exp(m) for m in margins)  # "none" has margin 0
    for margin, logit in zip(margins, logits, strict=True):
        share = math.exp(margin) / total
        assert logit == pytest.approx(math.log(share / (1 - share)))
    assert softmax_logits([800.0, 0.0, -5.0]) == [pytest.approx(799.3, abs=0.1), -800.0, -805.0]


def test_a_model_with_an_unknown_link_is_refused_with_its_name() -> None:
    with pytest.raises(ConfigError, match=r"<odd>: unknown link 'probit'"):
        LinearModel({"format": FORMAT, "competencies": COMPETENCIES, "link": "probit",
                     "platt": [[1.0, 0.0]] * 3, "thresholds": [0.5] * 3, "weights": {}},
                    source="<odd>")


def test_training_one_vs_rest_still_judges_a_new_item(tmp_path: Path) -> None:
    corpus, labels = write_corpus(tmp_path)
    rows = learned_train.load_rows(corpus, [labels])

    data = learned_train.build(rows, params=learned_train.Params(softmax=False), folds=4)
    model = LinearModel(data, source="<one-vs-rest>")
    judged = {j.competency: j for j in model.judge(
        "fix crash when query is empty", "", ["src/query.py"], [])}

    assert model.link == "logistic"
    assert judged["product-stability"].shown
    assert not judged["customer-value"].shown


def test_training_reads_a_changes_release_notes_with_its_description(tmp_path: Path) -> None:
    # the corpus keeps what the project's release notes say of a change apart (notes), as
    # a run reads them with its description: the model and the rules read them so too
    corpus = tmp_path / "prs.jsonl.gz"
    items = [
        {"id": "acme/one#1", "repo": "acme/one", "number": 1, "title": "Table expand",
         "body": "Expands tables.", "notes": "Added: Tables expand to the terminal",
         "paths": ["CHANGELOG.md", "src/table.py"], "labels": []},
        {"id": "acme/one#2", "repo": "acme/one", "number": 2, "title": "Quiet",
         "body": "Added: Quiet mode", "notes": "Added: Quiet mode",
         "paths": ["CHANGELOG.md", "src/quiet.py"], "labels": []},
    ]
    corpus.write_bytes(gzip.compress(
        "".join(json.dumps(p) + "\n" for p in items).encode(), mtime=0))
    labels = tmp_path / "labels.jsonl"
    labels.write_text("".join(json.dumps({"id": p["id"], "competencies": ["customer-value"],
                                          "routine": False}) + "\n" for p in items))

    rows = {row.id: row for row in learned_train.load_rows(corpus, [labels])}

    assert rows["acme/one#1"].body == "Expands tables.\n\nAdded: Tables expand to the terminal"
    assert rows["acme/one#2"].body == "Added: Quiet mode"  # said once
    assert "r:customer-value/added-in-changelog" in rows["acme/one#1"].feats


def test_a_cut_that_cannot_reach_the_target_precision_weighs_precision_more() -> None:
    probabilities = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2]
    truth = [True, False, True, False, True, True, False, False]

    cut = learned_train.threshold_for(probabilities, truth, target=0.95)

    assert 0.3 < cut < 0.4  # four of six claims right, every positive found: F0.5 0.71


def test_a_fallback_cut_claims_the_sure_few_rather_than_everything() -> None:
    # Claiming all nine finds every positive at precision 0.67 (the best F1, 0.80); the
    # top three are all right and find half of them (F0.5 0.83 against 0.71): a brag
    # document must not overclaim.
    probabilities = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1]
    truth = [True, True, True, False, True, False, True, False, True]

    cut = learned_train.threshold_for(probabilities, truth, target=1.01)

    assert 0.6 < cut < 0.7


def test_too_few_positives_for_any_cut_claims_nothing() -> None:
    assert learned_train.threshold_for([0.9, 0.8, 0.1], [True, False, True], target=1.01) \
        == 1.0


def test_a_flat_fallback_curve_is_cut_at_the_upper_quartile_of_its_near_best_cuts() -> None:
    # Customer Empathy's curve: many cuts score within a hundredth of the best F0.5, so
    # the single best one jumps with each retraining. Scores that weakly foretell truth.
    rng = random.Random(2)
    probabilities = [round(rng.random(), 3) for _ in range(400)]
    truth = [rng.random() < 0.15 + 0.35 * p for p in probabilities]

    def f_half(cut: float) -> float:
        tp = sum(p >= cut and t for p, t in zip(probabilities, truth, strict=True))
        fp = sum(p >= cut and not t for p, t in zip(probabilities, truth, strict=True))
        if tp < 3:
            return 0.0
        precision, recall = tp / (tp + fp), tp / sum(truth)
        return 1.25 * precision * recall / (0.25 * precision + recall)

    scores = sorted(set(probabilities))
    best = max(f_half(s) for s in scores)
    near = [s for s in scores if f_half(s) >= best - learned_train.NEAR_BEST]
    cut = learned_train.threshold_for(probabilities, truth, target=1.01)

    quartile = near[(3 * len(near)) // 4]
    below = scores[scores.index(quartile) - 1]

    assert len(near) > 20  # flat
    assert max(scores, key=f_half) < quartile  # not the single best cut
    assert below < cut < quartile  # in the gap under the upper quartile's item


def test_a_flat_curve_above_the_precision_floor_is_cut_at_a_quartile_too() -> None:
    # Product Stability's curve: its best F1 among cuts precise enough moved the cut from
    # 0.40 to 0.42 and back with rule changes that touched a handful of its items, and two
    # dozen claims of real histories came and went each time.
    rng = random.Random(5)
    probabilities = [round(rng.random(), 3) for _ in range(600)]
    truth = [rng.random() < 0.1 + 0.8 * p for p in probabilities]

    def scored(cut: float) -> tuple[float, float]:
        tp = sum(p >= cut and t for p, t in zip(probabilities, truth, strict=True))
        fp = sum(p >= cut and not t for p, t in zip(probabilities, truth, strict=True))
        if tp < 3:
            return 0.0, 0.0
        precision, recall = tp / (tp + fp), tp / sum(truth)
        return precision, 2 * precision * recall / (precision + recall)

    scores = sorted(set(probabilities))
    precise = [s for s in scores if scored(s)[0] >= 0.6]
    best = max(scored(s)[1] for s in precise)
    near = [s for s in precise if scored(s)[1] >= best - learned_train.NEAR_BEST]
    cut = learned_train.threshold_for(probabilities, truth, target=0.6)

    quartile = near[len(near) // 4]  # the lower: near the best F1's level, steadier
    below = scores[scores.index(quartile) - 1]

    assert len(near) > 10  # flat
    assert max(precise, key=lambda s: scored(s)[1]) != quartile  # not the single best cut
    assert below < cut < quartile


def test_the_training_script_names_a_missing_corpus(tmp_path: Path) -> None:
    result = train(tmp_path / "nothing.jsonl.gz", tmp_path / "model.json.gz")

    assert result.returncode == 1
    assert result.stderr.strip() == f"{tmp_path / 'nothing.jsonl.gz'}: no such corpus file"
    assert not (tmp_path / "model.json.gz").exists()


def test_a_file_that_is_not_a_model_is_refused_with_its_name(tmp_path: Path) -> None:
    path = tmp_path / "model.json.gz"
    path.write_bytes(gzip.compress(b'{"format": "something-else"}'))

    with pytest.raises(ConfigError, match=r"model\.json\.gz: not an evidencer model"):
        LinearModel.load(path)


# --- the shipped model ------------------------------------------------------------------------


def test_the_shipped_model_loads_from_the_package_with_the_network_shut() -> None:
    code = textwrap.dedent("""
        import sys
        def no_network(event, args):
            if event.startswith("socket.") and event != "socket.__new__":
                raise RuntimeError(f"network used: {event}")
        sys.addaudithook(no_network)
        from evidencer.classify.judge import classify, fires
        from evidencer.classify.learned import shipped_model
        from evidencer.classify.jsonl import evidence_from_object
        from evidencer.classify.rubric import load_rubric
        model = shipped_model()
        item = evidence_from_object(
            {"title": "Fix crash when the config file is empty", "paths": ["src/config.go"]},
            where="x")
        result = classify(item, load_rubric(), roles=("author",))
        print(model.competencies, model.meta["rows"], result.competency_ids)
    """)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=False)

    assert result.returncode == 0, result.stderr
    assert "('customer-empathy', 'customer-value', 'product-stability')" in result.stdout
    assert "('product-stability',)" in result.stdout


def test_the_shipped_model_knows_a_bug_fix_from_a_dependency_bump() -> None:
    model = shipped_model()
    assert model is not None
    rubric = load_rubric()

    fix = classify(item("Fix crash when the upload queue is empty",
                        paths=("src/upload/queue.go",)), rubric, roles=("author",))
    bump = classify(item("Bump golang.org/x/net from 0.17.0 to 0.23.0",
                         paths=("go.mod", "go.sum")), rubric, roles=("author",))

    assert fix.competency_ids == ("product-stability",)
    assert fix.matches[0].confidence is not None and fix.matches[0].confidence >= 0.5
    assert fix.matches[0].reasons[0].startswith("model (")
    assert bump.competency_ids == ()


# --- who decides: trailer, then explicit rules, then the model --------------------------------


def test_a_competency_trailer_removes_what_the_model_claims() -> None:
    model = toy_model(**{"t:widget": [0.0, 12.0, 0.0]})
    work = item("Widget export", overrides=("-customer-value",))

    assert classify(work, load_rubric(), roles=("author",), model=model).matches == ()


def test_a_competency_trailer_adds_what_the_model_does_not_see() -> None:
    model = toy_model()
    work = item("Rework the widget", overrides=("customer-empathy",))

    result = classify(work, load_rubric(), roles=("author",), model=model)

    assert result.competency_ids == ("customer-empathy",)
    assert result.matches[0].reasons[0] == TRAILER
    assert result.matches[0].confidence == 1.0


def test_a_label_rule_claims_what_the_model_doubts() -> None:
    model = toy_model()  # sees nothing in anything
    work = item("Widget tweak", labels=("bug",))

    result = classify(work, load_rubric(), roles=("author",), model=model)

    assert result.competency_ids == ("product-stability",)
    assert result.matches[0].reasons == ("label 'bug'",)
    assert result.matches[0].confidence == 0.93  # measured for such rules in training


REPORT = Reporter(ref="acme/widgets#3", login="carol", association="NONE",
                  title="Uploads stall")


@pytest.mark.parametrize(("title", "reporter", "paths", "claimed"), [
    ("Keep uploads going on slow links", REPORT, ("src/up.py",), True),
    ("fix: uploads stall", REPORT, ("src/up.py",), True),
    # a feature a user asked for is Customer Value (the labelling guide)
    ("Add resumable uploads", REPORT, ("src/up.py",), False),
    ("feat: resumable uploads", REPORT, ("src/up.py",), False),
    # the team's own issue, and one the work's author opened
    ("Keep uploads going", dataclasses.replace(REPORT, association="MEMBER"), ("src/up.py",),
     False),
    ("Keep uploads going", dataclasses.replace(REPORT, login="alice"), ("src/up.py",), False),
    # routine upkeep still keeps every competency off
    ("Keep uploads going", REPORT, (".github/workflows/ci.yml",), False),
])
def test_a_fix_for_a_report_from_outside_the_team_claims_empathy_over_the_model(
    title: str, reporter: Reporter, paths: tuple[str, ...], claimed: bool
) -> None:
    model = toy_model()  # sees nothing in anything
    author = (Actor(role="author", login="alice"),)
    work = item(title, paths=paths, actors=author, facts=Facts(
        linked_issues=(reporter.ref,), reporters=(reporter,)))

    result = classify(work, load_rubric(), roles=("author",), model=model)

    assert (EMPATHY in result.competency_ids) is claimed
    if claimed:
        (match,) = (m for m in result.matches if m.competency == EMPATHY)
        assert match.reasons[0] == "fixes acme/widgets#3, reported by a user outside the team"
        assert "user-reports" in match.themes and "awareness" in match.levels


@pytest.mark.parametrize(("linked", "reporter", "overrides"), [
    ((), REPORT, ()),  # an older or imported record's: the work no longer closes it
    (("acme/widgets#3",), dataclasses.replace(REPORT, login="github-actions[bot]"), ()),
    (("acme/widgets#3",), REPORT, ("-customer-empathy",)),  # the author's trailer
])
def test_a_closed_issue_earns_no_empathy_the_work_or_its_author_deny(
    linked: tuple[str, ...], reporter: Reporter, overrides: tuple[str, ...]
) -> None:
    work = item("Keep uploads going on slow links", paths=("src/up.py",), overrides=overrides,
                actors=(Actor(role="author", login="alice"),),
                facts=Facts(linked_issues=linked, reporters=(reporter,)))

    result = classify(work, load_rubric(), roles=("author",), model=toy_model())

    assert EMPATHY not in result.competency_ids


def test_a_path_routine_rule_vetoes_what_the_model_claims() -> None:
    model = toy_model(**{"t:widget": [0.0, 12.0, 0.0]})
    work = item("Widget workflow", paths=(".github/workflows/ci.yml",))

    result = classify(work, load_rubric(), roles=("author",), model=model)

    assert result.matches == ()
    assert result.routine == ("CI plumbing only",)


@pytest.mark.parametrize(("title", "paths", "why"), [
    ("Add Ukrainian translation for docs/uk/docs/alternatives.md",
     ("docs/uk/docs/alternatives.md",), "translation update"),
    ("Update German translations", ("app/locales/de.json", "po/de.po"), "translation update"),
    # livewire: built files alone, committed after each change to the source
    ("Build assets", ("dist/livewire.js", "dist/livewire.min.js", "dist/livewire.min.js.map",
                      "dist/manifest.json"), "built files"),
    # livewire: issue and discussion templates are how users report, not CI
    ("Add bug report issue template", (".github/ISSUE_TEMPLATE/bug.yml",),
     "issue or discussion templates"),
    # pocketbase: Go's module files alone, whatever the words ("use tagged ozzo-validation")
    ("use tagged ozzo-validation", ("go.mod", "go.sum"), "dependency or tool bump"),
    ("Translations update from Weblate", ("app/src/main/res/values-de/strings.xml",),
     "translation update"),
    ("Fix flaky throttling test by widening the lower bound",
     ("test/plugin/test_in_tail.rb",), "test-suite upkeep"),
    ("Fix flaky regression test", ("tests/test_queue.py",), "test-suite upkeep"),
    ("docs: Add PR expectations", ("CONTRIBUTING.md",), "contributor docs only"),
    ("docs: add AI policy for contributors", ("AI_POLICY.md", "CONTRIBUTING.md"),
     "contributor docs only"),
    ("RELEASING: add step to update ReadTheDocs", ("RELEASING.rst",), "contributor docs only"),
    # jesseduffield/lazygit: what contributors should and should not propose
    ("Add a warning about adding new config options", ("VISION.md",), "contributor docs only"),
    # tokio-rs/axum: an editor's settings, wherever the project keeps them
    ("Add recommended settings for VSCode", ("contrib/ide/vscode/settings.json",),
     "repository housekeeping (ignore files, editor settings, licence)"),
    ("Bump ruby in the devcontainer", (".devcontainer/Dockerfile",),
     "repository housekeeping (ignore files, editor settings, licence)"),
    # go-task/task: a lower-case pull request template and the website's contributing page
    ("docs: add AI usage disclosure policy", (".github/pull_request_template.md",
     "CONTRIBUTING.md", "website/src/docs/contributing.md"), "contributor docs only"),
    # instructions for coding agents are for contributors (duckdb/duckdb, caddyserver/caddy)
    ("Add `CLAUDE.md`", ("CLAUDE.md",), "contributor docs only"),
    ("chore: add `AGENTS.md`", ("AGENTS.md", ".github/copilot-instructions.md"),
     "contributor docs only"),
    ("Added guidelines for AI agents", ("AGENTS.md", "CLAUDE.md", ".gitignore"),
     "contributor docs only"),
    # expressjs/express keeps its governance in Contributing.md
    ("docs: update TC governance rules", ("Contributing.md",), "contributor docs only"),
    ("Fix ufunc float/complex array-like co-promotion",
     ("numpy/_core/umath.pyi", "numpy/typing/tests/data/reveal/ufuncs.pyi"), "type stubs only"),
    ("Fix the return type of `render`", ("types/index.d.ts",), "type stubs only"),
    ("Fix for frustrating error in 'just docs' locally", ("docs/conf.py",),
     "docs site or build configuration"),
    ("Add copy button on documentation", ("mkdocs.yml",), "docs site or build configuration"),
    # go-task/task: the docs site's robots.txt and favicon, a "fix" for search engines
    ("fix(website): improve SEO with favicons, structured data and robots.txt",
     ("website/.vitepress/config.ts", "website/src/public/favicon.ico",
      "website/src/public/robots.txt"), "docs site or build configuration"),
    ("Add whatsnew entry for #8974", ("doc/whats-new.rst",),
     "changelog or release-notes bookkeeping"),
    ("Add Klaviyo", ("README.md", "docs/_static/sponsors/Klaviyo.svg"), SPONSORS),
    ("Update sponsors: remove Stainless", ("README.md", "docs/en/data/sponsors.yml"), SPONSORS),
    # go-task/task: a sponsor with its logo, an adopters list, the release tool's config
    ("docs: add magic.dev as a gold sponsor",
     ("README.md", "website/.vitepress/sponsors.ts", "website/src/public/img/magic.png"),
     SPONSORS),
    ("docs(adopters): update charm copy", ("website/.vitepress/adopters.ts",), SPONSORS),
    # python-attrs/attrs lists its sponsors on the docs' landing page and on PyPI too
    ("sponsors: add LambdaTest", ("README.md", "docs/_static/sponsors/LambdaTest.svg",
                                  "docs/index.md", "pyproject.toml"), SPONSORS),
    ("fix(goreleaser): fix automatic submission of winget pr", (".goreleaser.yml",),
     "CI plumbing only"),
    ("docs: update changelog", ("CHANGELOG.md", "website/src/docs/changelog.md"),
     "changelog or release-notes bookkeeping"),
    # jqlang/jq: its test harness, a C file among the sources
    ("Fix expected value assertion in jq_test", ("src/jq_test.c",), "test-suite upkeep"),
    # sidekiq/sidekiq: its changelogs, named in another case
    ("doc(changes)", ("Changes.md", "Pro-Changes.md"), "changelog or release-notes bookkeeping"),
    # pdm-project/pdm: towncrier's fragments in a top-level news/
    ("fix: add documentation for avoiding duplicate SIGINT", ("news/3808.bugfix.md",),
     "changelog or release-notes bookkeeping"),
    ("Add news", ("news/12.feature", "news/fragment.trivial.rst"),
     "changelog or release-notes bookkeeping"),
    ("Add release notes for 2.0", ("docs/release/2.0.md", "docs/changelog/unreleased.yml"),
     "changelog or release-notes bookkeeping"),
    ("Add GNU Affero General Public License v3", ("LICENSE",),
     "repository housekeeping (ignore files, editor settings, licence)"),
    ("Update copyright year", ("LICENSE-MIT", "LICENSE-APACHE"),
     "repository housekeeping (ignore files, editor settings, licence)"),
    # filamentphp/filament's "fix ignored files" was Product Stability
    ("fix ignored files", (".gitignore", ".phpunit.cache/test-results"),
     "repository housekeeping (ignore files, editor settings, licence)"),
    ("Add changelogs for v0.28.2 (1007)", ("fastlane/metadata/android/en-US/changelogs/1007.txt",
                                         "fastlane/metadata/android/de/changelogs/1007.txt"),
     "changelog or release-notes bookkeeping"),
    # square/okhttp: Kotlin and Java test source sets; hashicorp/terraform: Go mocks
    ("Fix a flake in TrailersTest", ("okhttp/src/jvmTest/kotlin/okhttp3/TrailersTest.kt",),
     "test-suite upkeep"),
    # serde-rs/serde: a test suite in a folder of its own name, with its own manifest
    ("Regenerate stderr with trybuild normalization fixes",
     ("test_suite/Cargo.toml", "test_suite/tests/ui/unimplemented/required_by_dependency.stderr"),
     "test-suite upkeep"),
    ("Stub the downloader in instrumented tests",  # AntennaPod: Android's device tests
     ("app/src/androidTest/java/de/danoeh/antennapod/StubDownloader.java",),
     "test-suite upkeep"),
    ("Fix race conditions in mock provider and mock tfc client",
     ("internal/cloud/tfe_client_mock.go", "internal/terraform/provider_mock.go"),
     "test-suite upkeep"),
    # prometheus's shared Makefile, okhttp's Gradle scripts, kind's hack/ scripts
    # jesseduffield/lazydocker: a sponsor's pictures alone
    ("Add tuple png", ("assets/tuple.png", "assets/warp.png"), "README badges, logos or pictures"),
    ("Change warp logo explicitly", ("assets/warp2.png",), "README badges, logos or pictures"),
    # fastapi/sqlmodel: the path rule decided; "pre-commit" only told the model
    ("\U0001f512 Replace pre-commit PAT with PR Push", (".github/workflows/pre-commit.yml",),
     "CI plumbing only"),
    ("Fix Makefile.common for no Dockerfile", ("Makefile.common",), BUILD),
    ("Fix gradle module nesting", ("okhttp/build.gradle.kts", "settings.gradle.kts"), BUILD),
    # ktorio/ktor: Gradle's scripts wherever kept, a settings plugin's among them
    ("Optimize repositories", ("ktor-test-server/settings.gradle.kts",
     "build-settings-logic/src/main/kotlin/ktorbuild.dependency-resolution-management"
     ".settings.gradle.kts", "ktor-client/ktor-client-tracing/build.gradle.kts"), BUILD),
    ("fix push node having qemu setup reliably",
     ("hack/build/init-buildx.sh", "hack/release/build/push-node.sh"), BUILD),
    # tokio-rs/axum, helm/helm, square/okhttp: the project's own checkers and bots
    ("Fix rolled back cargo-deny config", ("deny.toml",), CHECKERS),
    ("Fix bug in .golangci.yml configuration", (".golangci.yml",), CHECKERS),
    ("Remove Renovate schedule", ("renovate.json",), CHECKERS),
    ("chore(mergify) Add merge queue configuration to .mergify.yml", (".mergify.yml",),
     CHECKERS),
    # withastro/starlight: a docs site's pages kept deeper, per language; Docusaurus's i18n/
    ("Update `plugins.mdx`", ("docs/src/content/docs/fr/resources/plugins.mdx",),
     "translation update"),
    ("Sync the intro page", ("i18n/pt-BR/docusaurus-plugin-content-docs/current/intro.md",),
     "translation update"),
    # python-attrs/attrs: development dependencies and the workflows' pins in one go
    ("update dev", ("uv.lock", ".pre-commit-config.yaml", ".github/workflows/ci.yml"),
     "dependency lock file update"),
    # sqlc-dev/sqlc: the NOTICE file the Apache licence asks for
    ("Add NOTICE file for Apache-2.0 dependencies", ("NOTICE",),
     "repository housekeeping (ignore files, editor settings, licence)"),
    # caddy, urllib3: the security policy under .github/ is no CI plumbing
    ("Require disclosure of LLM usage in security reports", (".github/SECURITY.md",),
     "contributor docs only"),
    # gin: the issue templates with the pull request template beside them
    ("docs: revamp GitHub contribution and support templates",
     (".github/ISSUE_TEMPLATE/bug-report.yaml", ".github/ISSUE_TEMPLATE/config.yml",
      ".github/PULL_REQUEST_TEMPLATE.md"), "issue or discussion templates"),
    ("Tidy the pull request template", (".github/PULL_REQUEST_TEMPLATE.md",),
     "contributor docs only"),
    # PowerShell, devise: Azure Pipelines' folder, Appraisal's gemfiles
    ("Fix the APIScan pipeline", (".pipelines/apiscan/templates/apiscan.yml",),
     "CI plumbing only"),
    ("Fix Gemfile for Rails 7.2, incorrectly testing against 7.1",
     ("gemfiles/Gemfile-rails-7-2",), "CI plumbing only"),
    ("[release/10.0] Fix pipeline triggers in command-line-api official yml",
     (".vsts-ci-official.yml",), "CI plumbing only"),
    # jazzband/pip-tools: contributors' news in a towncrier fragment, beside their docs
    ("Introduce an initial LLM Usage Policy",
     ("CONTRIBUTING.md", "changelog.d/2318.contrib.md"), "contributor docs only"),
    # rollup: the audit's ignore list moved on beside the lock file
    ("Resolve vulnerabilities (#6375)",
     ("audit-resolve.json", "package-lock.json", "package.json", "renovate.json"),
     "dependency audit upkeep"),
    # streamlink: a developers' guide beside CONTRIBUTING.md
    ("docs: add git commit style section", ("docs/developing.rst", "CONTRIBUTING.md"),
     "contributor docs only"),
    # mswjs/msw: a dependency updated under the fix tag, its manifest and lock file alone
    ("fix: update `rettime` (#2657)", ("package.json", "pnpm-lock.yaml"),
     "dependency or tool bump"),
    ("fix(deps): upgrade serde_json to 1.0.140", ("Cargo.toml", "Cargo.lock"),
     "dependency or tool bump"),
    # remix-run/react-router: the pull-request and release machinery in scripts/
    ("Fix PR actions workflow", ("scripts/pr.ts",), "CI plumbing"),
    ("Fix release PR comment skip (#15226)", ("scripts/release-comments.ts",),
     "CI plumbing"),
    ("Fix workflow publish command",
     (".github/workflows/release.yml", "scripts/changes/publish.ts"), "CI plumbing"),
    ("Validate change files in PR checks",
     ("scripts/changes/validate.ts", ".github/workflows/pr.yml"), "CI plumbing"),
])
def test_routine_by_its_paths_keeps_every_competency_off(
    title: str, paths: tuple[str, ...], why: str
) -> None:
    # The labelling guide's routine upkeep that the paths show alone: the model, however
    # sure (here of every competency), does not claim it.
    model = toy_model(bias=[12.0, 12.0, 12.0])

    result = classify(item(title, paths=paths), load_rubric(), roles=("author",), model=model)

    assert result.matches == ()
    assert result.routine[0] == why  # before a word rule's that only told the model


@pytest.mark.parametrize(("title", "paths"), [
    # manifest-only-update's near misses: the bug named, the code changed with it, the
    # project's own package
    ("fix: update interceptors to fix a memory leak", ("package.json", "pnpm-lock.yaml")),
    ("fix: update `rettime`", ("package.json", "pnpm-lock.yaml", "src/core/emitter.ts")),
    ("fix: update the docs", ("docs/index.md",)),
    # ... nor a field of the manifest itself (withastro/astro's "Update files (#1048)")
    ("fix: update exports", ("package.json",)),
    ("Update files (#1048)", ("package.json",)),
    # pr-release-machinery's: an install script users run, the product's own release
    # code, a crash in the release script
    ("Fix install script on Windows", ("scripts/install.ps1",)),
    ("Fix release notes detection", ("src/release/notes.ts",)),
    ("Fix crash in the release script", ("scripts/release.ts",)),
])
def test_near_misses_of_a_dependency_update_and_the_release_machinery_are_no_upkeep(
    title: str, paths: tuple[str, ...]
) -> None:
    model = toy_model(bias=[12.0, 12.0, 12.0])

    result = classify(item(title, paths=paths), load_rubric(), roles=("author",), model=model)

    assert result.matches != ()
    assert not {"CI plumbing", "dependency or tool bump"} & set(result.routine)


@pytest.mark.parametrize(("title", "body"), [
    # lock-and-ci-only's near misses: a bump that names its advisory, builds for a platform
    ("Bump cryptography to 44.0.1 for CVE-2024-12797", ""),
    ("Publish arm64 Docker images", ""),
    ("release: ship macOS builds", "Add aarch64 binaries to the release artifacts for users."),
])
def test_lock_files_and_ci_together_are_upkeep_but_not_a_fix_or_new_builds(
    title: str, body: str
) -> None:
    model = toy_model(bias=[12.0, 12.0, 12.0])
    paths = ("Cargo.lock", ".github/workflows/release.yml")

    result = classify(item(title, body=body, paths=paths), load_rubric(), roles=("author",),
                      model=model)

    assert result.matches != ()


@pytest.mark.parametrize(("title", "paths", "why"), [
    ("fix: remove unused kSocketPath symbol", ("lib/core/symbols.js",), "pure refactor"),
    ("GUI: remove dead code", ("pynicotine/gtkgui/widgets.py",), "pure refactor"),
    # woodpecker-ci: dead links are the docs' upkeep, not dead code
    ("Docs: remove dead links from awesome page", ("docs/docs/awesome.md",),
     "docs link or markup fix"),
])
def test_dead_code_taken_out_is_a_refactor_dead_links_are_the_docs(
    title: str, paths: tuple[str, ...], why: str
) -> None:
    result = classify(item(title, paths=paths), load_rubric(), roles=("author",),
                      model=toy_model())

    assert result.matches == ()
    assert result.routine[0] == why


@pytest.mark.parametrize(("title", "paths", "rule", "fired"), [
    # ollama, sharkdp/fd: a dependency named with nothing but the word, where versions are
    # kept; not a feature named so (meilisearch's "Dumpless upgrade")
    ("llama.cpp update", ("LLAMA_CPP_VERSION",), "routine/named-update", True),
    ("MLX: version bump", ("MLX_VERSION", "x/mlxrunner/mlx/CMakeLists.txt"),
     "routine/named-update", True),
    ("Dumpless upgrade", ("crates/milli/src/update/upgrade.rs",), "routine/named-update", False),
    ("UI update", ("package.json",), "routine/named-update", False),
    # the project's tests scoped so, not a framework's testing helpers
    ("feat(testing): add assertDispatched helper", ("src/Testing/TestableLivewire.php",),
     "routine/test-scope", False),
    ("fix(test): do not clobber models directory", ("integration/utils_test.go",),
     "routine/test-scope", True),
    # the project's process, not building it from source
    ("docs: document the build process for building from source", ("docs/install.md",),
     "routine/process-docs", False),
    ("Document the release process", ("RELEASE.md",), "routine/process-docs", True),
    # yazi, files-community/Files: formatting a feature's tag names or the product does
    ("feat: shell formatting", ("yazi-shared/src/shell/mod.rs",), "routine/formatting", False),
    ("Feature: Added support for formatting drives from the properties window",
     ("src/Files.App/Dialogs/FormatDriveDialog.xaml",), "routine/formatting", False),
    ("Fix formatting", ("src/app.py",), "routine/formatting", True),
    # locust: a dependency's range opened, where dependencies are declared
    ("Allow new gevent versions", ("pyproject.toml", "uv.lock"), "routine/dependency-pin", True),
    ("Allow new gevent versions", ("locust/env.py",), "routine/dependency-pin", False),
    # python-pillow: a dependency updated, in the past tense, to a dotted version
    ("Updated libpng to 1.6.55", ("winbuild/build_prepare.py",), "routine/bump", True),
    # pypa/virtualenv: what the product embeds, upgraded by its bot
    ("Upgrade embedded pip/setuptools/wheel (#3180)",
     ("src/virtualenv/seed/wheels/embed/__init__.py",), "routine/bump", True),
    ("Updated usage check threshold to 100pc instead of 1", ("app/models/usage.rb",),
     "routine/bump", False),
    # rust-lang/rustup: source kept in a dist folder is not what a build writes
    ("dist: install while downloading", ("src/dist/download.rs", "src/dist/mod.rs"),
     "routine/built-files-only", False),
    ("Build assets", ("dist/livewire.js", "dist/livewire.js.map"),
     "routine/built-files-only", True),
])
def test_what_path_bound_upkeep_rules_fire(
    title: str, paths: tuple[str, ...], rule: str, fired: bool
) -> None:
    assert (rule in default_rule_ids(item(title, paths=paths), ("author",))) is fired


@pytest.mark.parametrize(("title", "routine"), [
    ("use tagged ozzo-validation", True),
    ("Tidy go.mod", True),
    # ... but not a security fix or a broken install said so (an attack on the rule)
    ("Fix vulnerable dependency golang.org/x/text", False),
    ("Update golang.org/x/net for security fixes", False),
    ("Downgrade grpc to v1.58 to avoid segfault", False),
    ("Fix module path so go get works", False),
])
def test_gos_module_files_alone_are_a_dependency_change_unless_they_fix_one(
    title: str, routine: bool
) -> None:
    result = classify(item(title, paths=("go.mod", "go.sum")), load_rubric(),
                      roles=("author",), model=toy_model(bias=[12.0, 12.0, 12.0]))

    assert bool(result.routine) is routine


def test_a_file_named_like_the_licence_is_not_the_licence() -> None:
    # koel/koel: a fix to app/Services/License/LicenseService.php (and its test) was
    # "repository housekeeping (ignore files, editor settings, licence)"
    model = toy_model(bias=[-12.0, -12.0, 12.0])
    work = item("fix: degrade gracefully when license validation fails",
                paths=("app/Services/License/LicenseService.php",
                       "tests/Unit/Services/License/LicenseServiceTest.php"))

    result = classify(work, load_rubric(), roles=("author",), model=model)

    assert result.routine == ()
    assert result.competency_ids == ("product-stability",)


def test_a_revert_is_not_judged_by_the_words_of_the_change_it_reverts() -> None:
    # The model knows "fix" as stability; the quoted title is the reverted change's.
    model = toy_model(**{"t:fix": [0.0, 0.0, 12.0]})
    fix = item("fix: do not defer unmount")
    revert = item('Revert "fix: do not defer unmount"', body="This reverts commit 95e5175.")
    # git 2.43 and later: the revert of that revert
    again = item('Reapply "fix: do not defer unmount"', body="This reverts commit 1c0ffee.")

    assert classify(fix, load_rubric(), roles=("author",), model=model).competency_ids \
        == ("product-stability",)
    assert classify(revert, load_rubric(), roles=("author",), model=model).matches == ()
    reapplied = classify(again, load_rubric(), roles=("author",), model=model)
    assert reapplied.matches == ()
    assert reapplied.routine == ("a revert of an earlier revert",)
    # and the model does not read the reapplied change's words as this one's
    assert "t:fix" not in features(again.title, "", (), ())
    assert "type:revert" in features(again.title, "", (), ())


@pytest.mark.parametrize(("body", "shown"), [
    ("This reverts commit 95e5175.", ()),
    ("It broke uploads for users on Safari.\n\nThis reverts commit 95e5175.",
     ("product-stability",)),
    # A squash's co-author trailer: the "users" of a GitHub noreply address says nothing
    # (traefik's reverts had read as saying whom the change hurt)
    ("This reverts commit 95e5175.\n\nCo-authored-by: Romain "
     "<8451+rtribotte@users.noreply.github.com>", ()),
    # ... nor a bot's, whose name in brackets is part of its address (nektos/act's squashes
    # co-authored by github-actions[bot])
    ("This reverts commit 95e5175.\n\nCo-authored-by: github-actions[bot] "
     "<41898282+github-actions[bot]@users.noreply.github.com>", ()),
    # sinatra/sinatra: the harm told by its symptom and the report it came from
    ("This reverts commit 95e5175.\n\nIt causes problems if you mount an app: `GET /foo` "
     "returns 404, which was not the case before.\n\nReported at "
     "https://github.com/sinatra/sinatra/issues/2113", ("product-stability",)),
    # ... not a revert that says it causes none
    ("This reverts commit 95e5175. It causes no problems; the old way reads better.", ()),
    # vuejs/core: a revert that closes the report of what the change broke (the rubric
    # alone reads a closed report as empathy too)
    ("Close #14669\nThis reverts commit 862f11ee017d51cb9573a8c0642055b3b17cace8.",
     ("product-stability", "customer-empathy")),
    # ... not one that names a commit or a pull request alone
    ("This reverts commit 95e5175 (#14985).", ()),
])
def test_a_revert_is_upkeep_unless_it_says_what_the_change_broke(
    body: str, shown: tuple[str, ...]
) -> None:
    # The labelling guide: a revert is routine unless its description says the change
    # broke something for users (then stability). The rubric's own decision.
    work = item('Revert "fix: retry uploads"', body=body)

    result = classify(work, load_rubric(classifier="rules"), roles=("author",))

    assert result.competency_ids == shown
    assert ("a revert of an earlier change" in result.routine) is not shown


@pytest.mark.parametrize(("title", "body", "paths", "shown"), [
    # a bump that names the advisory it closes: not vetoed as a lock-file update
    ("Bump urllib3 to 2.2.2 to fix proxy auth leak (CVE-2024-37891)", "",
     ("requirements.txt",), ("product-stability",)),
    ("templates: Patch for GHSA-vcc4-2c75-vc9v", "", ("templates/x.html",),
     ("product-stability",)),
    # the ecosystems' own advisory databases (helm/helm: Go's), as their databases write them
    ("fix: bump go.opentelemetry.io/otel/sdk to v1.40.0 for GO-2026-4394", "",
     ("go.mod", "go.sum"), ("product-stability",)),
    ("Update time for rustsec-2020-0071", "", ("Cargo.lock",), ("product-stability",)),
    # a bot's bump quotes the release notes' advisories in its body: not its author's claim
    ("Bump urllib3 from 2.2.1 to 2.2.2", "Release notes: fixes CVE-2024-37891.",
     ("requirements.txt",), ()),
    # wagtail: the description says which advisory the work fixes (a stored XSS, read as
    # clearer error messages); not one it cites as another project's approach, nor one it
    # says is no security issue
    ("Enforce HTML escaping of all messages", "Fixes GHSA-p4v8-rw59-93cq\n\nEnsure that all "
     "messages are escaped.", ("wagtail/admin/messages.py",), ("product-stability",)),
    ("Limit the content-encodings to 5", "This matches the approach used by urllib3 "
     "(GHSA-g4mx-q9vg-27p4).", ("lib/decode.js",), ()),
    ("Tidy the path size check", "Refs GHSA-g4mx-q9vg-27p4. Does not appear to be a security "
     "issue.", ("src/path.c",), ()),
    # ... nor one any update's description quotes from what it updates (Renovate's, a
    # toolchain's: docker/compose's "update to go1.26.4", whose notes fix Go's CVEs)
    ("chore(deps): update dependency next to v15.4.9 [security]",
     "Release notes: fixes GHSA-g4mx-q9vg-27p4.", ("package.json",), ()),
    ("update to go1.26.4", "This fixes CVE-2026-42504 in net/http.", ("Dockerfile",), ()),
    ("ci(deps): bump the actions group with 4 updates", "Fixes CVE-2026-42504.",
     (".github/workflows/ci.yml",), ()),
])
def test_a_title_naming_a_security_advisory_is_a_stability_fix_the_model_cannot_veto(
    title: str, body: str, paths: tuple[str, ...], shown: tuple[str, ...]
) -> None:
    model = toy_model()  # sees nothing in anything

    result = classify(item(title, body=body, paths=paths), load_rubric(), roles=("author",),
                      model=model)

    assert result.competency_ids == shown
    if shown:
        named = [r for r in result.matches[0].reasons
                 if r.startswith(("names security advisory ", "says it fixes security advisory "))]
        assert named and named[0].split()[-1] in f"{title} {body}".replace("rustsec", "RUSTSEC")


@pytest.mark.parametrize(("title", "body", "shown"), [
    # honojs/hono's CI speed-up was claimed as Customer Value on its stated outcome
    ("ci: simplify HTTP benchmark implementation",
     "Reduce default duration from 10s to 5s for faster CI", ()),
    ("Bump esbuild from 0.20 to 0.21", "Builds went from 40 s to 12 s.", ()),
    # outside upkeep a stated outcome is still a fact the model cannot veto
    ("Speed up startup", "Startup went from 860 ms to 310 ms.", ("customer-value",)),
])
def test_a_stated_outcome_claims_nothing_for_upkeep_the_model_does_not_claim(
    title: str, body: str, shown: tuple[str, ...]
) -> None:
    result = classify(item(title, body=body, paths=("src/a.ts",)), load_rubric(),
                      roles=("author",), model=toy_model())

    assert result.competency_ids == shown
    assert bool(result.impact)


@pytest.mark.parametrize(("title", "kept"), [
    ("TYP: fix stubtest errors in ``numpy.polynomial.*``", False),
    ("TYP: add missing overloads to ``ndarray.sum``", False),
    ("CI/TYP: use basedpyright for type-completeness checking", False),
    # a tag naming real work or docs with the typing one is judged as that work
    ("BUG, TYP: Fix ``ma.core._frommethod`` function signatures", True),
    ("TYP, ENH: runtime signatures for ufuncs", True),
    ("DOC/TYP: Improved typing docs for ``ndarray``", True),
])
def test_a_typing_tag_is_upkeep_unless_real_work_is_tagged_with_it(
    title: str, kept: bool
) -> None:
    # The labelling guide: type hints and type-checker fixes are routine, "fix" or not. The
    # rubric's own decision (with the model, a tag is a feature it weighs).
    work = item(title, body="Fixes the wrong signature users saw.",
                paths=("numpy/__init__.pyi", "numpy/_core/multiarray.py"))

    result = classify(work, load_rubric(classifier="rules"), roles=("author",))

    assert bool(result.matches) is kept
    assert ("type hints or type-checker fixes" in result.routine) is not kept


@pytest.mark.parametrize(("title", "plain", "paths", "shown"), [
    # the subject says it adds tests: a regression test guarding a fix is stability work
    ("tests: add a regression test for the empty upload queue", "tests: tidy the queue tests",
     ("tests/test_queue.py",), "product-stability"),
    ("Cover the crash fix: adding tests for an empty queue", "Rename the queue tests",
     ("tests/test_queue.py",), "product-stability"),
    # a new language, or strings users saw wrong (docs alone claim no value or stability:
    # an older rule of the rubric)
    ("Add Persian as a new language", "Add Persian translation",
     ("docs/fa/docs/index.md",), "customer-empathy"),
    ("Translate strings users saw as raw keys", "Update French strings",
     ("app/locales/fr.json",), "customer-value"),
])
def test_what_the_subject_says_keeps_those_path_rules_off(
    title: str, plain: str, paths: tuple[str, ...], shown: str
) -> None:
    model = toy_model(bias=[12.0 if c == shown else -6.0 for c in COMPETENCIES])
    rubric = load_rubric()

    said = classify(item(title, paths=paths), rubric, roles=("author",), model=model)
    unsaid = classify(item(plain, paths=paths), rubric, roles=("author",), model=model)

    assert said.competency_ids == (shown,)
    assert unsaid.matches == ()  # the same paths without those words are routine


@pytest.mark.parametrize("paths", [
    ("src/i18n/detect.ts",),  # code that reads the locale is not a translation
    ("pkg/locale/format.go",),
    ("docs/ui/buttons.md",),  # a two-letter docs folder that is not a language
    ("docs/js/custom.js",),
    ("docs/en/docs/index.md",),  # English is the original
])
def test_code_and_other_docs_folders_are_not_translations(paths: tuple[str, ...]) -> None:
    model = toy_model(bias=[12.0, -6.0, -6.0])

    result = classify(item("Update the locale handling", paths=paths), load_rubric(),
                      roles=("author",), model=model)

    assert "translation update" not in result.routine
    assert result.competency_ids == ("customer-empathy",)


def test_two_rules_with_one_reason_give_it_once() -> None:
    # test-plumbing (a word rule) and tests-only (a path rule) both say test-suite upkeep
    result = classify(item("Fix the flaky upload test", paths=("tests/test_upload.py",)),
                      load_rubric(classifier="rules"), roles=("author",))

    assert result.routine == ("test-suite upkeep",)


def test_a_competency_trailer_wins_over_a_path_routine_rule() -> None:
    model = toy_model()
    work = item("Widget workflow", paths=(".github/workflows/ci.yml",),
                overrides=("customer-value",))

    result = classify(work, load_rubric(), roles=("author",), model=model)

    assert result.competency_ids == ("customer-value",)
    assert result.matches[0].reasons == (TRAILER,)


def test_a_path_rule_against_a_competency_stops_the_models_claim() -> None:
    model = toy_model(**{"t:widget": [0.0, 0.0, 12.0]})
    docs_only = item("Widget wording", paths=("docs/widgets.md",))
    code = item("Widget wording", paths=("src/widgets.py",))

    assert "product-stability" not in classify(
        docs_only, load_rubric(), roles=("author",), model=model).competency_ids
    assert classify(code, load_rubric(), roles=("author",), model=model).competency_ids \
        == ("product-stability",)


@pytest.mark.parametrize(("feature", "competency", "alone", "shipped"), [
    # ktorio/ktor's "Add ProxyTest.testSocksProxy" (a test and a SOCKS server for tests)
    # was Customer Value at 0.77 on its verb: a change to the tests alone never is.
    ("t:add", "customer-value",
     item("Add ProxyTest.testSocksProxy", paths=(
         "ktor-client/ktor-client-tests/common/test/io/ktor/client/tests/ProxyTest.kt",
         "ktor-test-server/src/main/kotlin/test/server/tests/Tcp.kt")),
     item("Add SOCKS proxy support", paths=("ktor-client/src/Proxy.kt",))),
    # thunderbird/thunderbird-android's "docs: add RFC for new feature flag architecture"
    # was Customer Empathy, "wrote docs … for users": an RFC is written for the team.
    ("t:docs", "customer-empathy",
     item("docs: add RFC for new feature flag architecture", paths=(
         "docs/engineering/rfcs/0004-feature-flag-new-architecture.md", "docs/SUMMARY.md",
         "docs/engineering/technical-designs/0002-feature-flag-declarative-catalog.md")),
     item("docs: add a guide to feature flags", paths=("docs/user/flags.md",))),
    # authelia's "docs: adr 3 for using docker labels for authz", a decision record
    ("t:docs", "customer-empathy",
     item("docs: adr 3 for using docker labels for authz", paths=(
         "docs/content/reference/architecture-decision-log/3.md",)),
     item("docs: add a guide to docker labels", paths=("docs/content/guides/labels.md",))),
], ids=["tests alone, not customer value", "a design document alone, not customer empathy",
        "a decision log alone, not customer empathy"])
def test_what_the_paths_alone_show_is_not_claimed_however_sure_the_model(
    feature: str, competency: str, alone: Evidence, shipped: Evidence
) -> None:
    weights = [0.0, 0.0, 0.0]
    weights[COMPETENCIES.index(competency)] = 12.0
    model = toy_model(**{feature: weights})

    assert classify(alone, load_rubric(), roles=("author",), model=model).matches == ()
    assert classify(shipped, load_rubric(), roles=("author",), model=model).competency_ids \
        == (competency,)


def test_a_dependency_added_to_the_manifests_alone_is_no_feature() -> None:
    # mperham/sidekiq's "Add terminal ui support", one line in its demo app's Gemfile
    model = toy_model(bias=[-12.0, -12.0, -12.0])
    gemfile = item("Add terminal ui support", paths=("myapp/Gemfile",))
    code = item("Add terminal ui support", paths=("lib/sidekiq/tui.rb", "myapp/Gemfile"))

    assert classify(gemfile, load_rubric(), roles=("author",), model=model).matches == ()
    assert classify(code, load_rubric(), roles=("author",), model=model).competency_ids \
        == ("customer-value",)


def test_the_model_overrules_a_rule_of_the_default_rubric_that_reads_words() -> None:
    model = toy_model()
    work = item("fix: widget wording in the footer", paths=("src/footer.py",))

    assert classify(work, load_rubric(classifier="rules"), roles=("author",)).competency_ids \
        == ("product-stability",)
    assert classify(work, load_rubric(), roles=("author",), model=model).matches == ()


def test_the_projects_tag_and_title_agreeing_on_a_feature_claim_what_the_model_doubts() -> None:
    # Radarr: "New: Release type options for Calendar page" scored 0.56 against a cut of
    # 0.59; its maintainers' tag and the title's verb both say it is a feature.
    model = toy_model()
    tagged = item("New: Release type options for Calendar page", paths=("src/Calendar.tsx",))
    untagged = item("Release type options for Calendar page", paths=("src/Calendar.tsx",))
    # a rule against the competency still stops it: an example added is docs (Customer
    # Empathy's, if anything)
    docs = item("feat: add an example of the plugin API", paths=("examples/plugin.py",))

    result = classify(tagged, load_rubric(), roles=("author",), model=model)

    assert result.competency_ids == ("customer-value",)
    assert result.matches[0].reasons == ("commit type 'feat'", "title matches 'New'")
    assert result.matches[0].confidence == model.rule_confidence.get("customer-value")
    assert classify(untagged, load_rubric(), roles=("author",), model=model).matches == ()
    assert "customer-value" not in classify(
        docs, load_rubric(), roles=("author",), model=model).competency_ids


def test_the_projects_perf_tag_claims_customer_value_what_the_model_doubts() -> None:
    # starship/starship: "perf(git_status): avoid gix index load when `core.fsmonitor` is
    # used" went unclaimed; a perf tag on CI work stays upkeep.
    model = toy_model()
    faster = item("perf(git_status): avoid gix index load when core.fsmonitor is used",
                  paths=("src/modules/git_status.rs",))
    ci = item("perf(ci): cache the cargo registry", paths=(".github/workflows/ci.yml",))

    result = classify(faster, load_rubric(), roles=("author",), model=model)

    assert result.competency_ids == ("customer-value",)
    assert "commit type 'perf'" in result.matches[0].reasons
    assert classify(ci, load_rubric(), roles=("author",), model=model).matches == ()


@pytest.mark.parametrize(("title", "paths", "shown"), [
    # caddyserver/caddy, nushell: an option or a command added
    ("reverseproxy: add Max-Age option to sticky cookie", ("modules/proxy/lb.go",),
     ("customer-value",)),
    ("Add --raw to find command", ("crates/nu-command/src/find.rs",), ("customer-value",)),
    # docs of an option, a CI setting, a fix's setting: not a feature shipped
    ("docs: add resolve.tsconfigPaths option docs", ("docs/config/shared.md",), ()),
    ("Add cancel-in-progress setting", (".github/workflows/ci.yml",), ()),
    ("fix: add unix socket file permission setting", ("server/socket.go",), ()),
    # a note or a description of one (jesseduffield/lazygit, helm/helm)
    ("Add a note about delta's --navigate option not working", ("docs/Config.md",), ()),
    ("Add description to delete cluster subcommands", ("cmd/cluster_delete.go",), ()),
    # tmux/tmux: the build's and the tests' own flags and commands
    ("Add a configure flag for ASAN.", ("configure.ac",), ()),
    ("Add new fuzzers for command parsing, formats and styles", ("fuzz/cmd-fuzzer.c",), ()),
    # a product's own option about sanitizing stays a feature (sharkdp/bat)
    ("add --sanitize option", ("src/bin/bat/clap_app.rs",), ("customer-value",)),
    # after a scope with a space in it (nushell)
    ("feat(format number): add `--no-prefix` flag", ("crates/nu-command/src/fmt.rs",),
     ("customer-value",)),
    # the product made faster or leaner, without a perf tag
    ("More efficient chapter parser dispatch", ("app/src/ChapterParser.java",),
     ("customer-value",)),
    ("Improve speed of transactions page", ("app/views/transactions/index.html.erb",),
     ("customer-value",)),
    ("ci: speed up the test matrix", (".github/workflows/ci.yml",), ()),
    # a language, a syntax or a theme added (sharkdp/bat, helix-editor/helix)
    ("Add syntax mapping for Wireguard config", ("src/syntax_mapping/builtins/wg.toml",),
     ("customer-value",)),
    ("languages: Add zuo to languages", ("languages.toml",), ("customer-value",)),
    ("Add new theme: Hazyland", ("runtime/themes/hazyland.toml",), ("customer-value",)),
    ("Add: validation of bundled themes in build workflow", ("xtask/src/themes.rs",), ()),
    ("Add some missing logging bits for themes.", ("window-copy.c",), ()),
    # a file name's dots and a log path do not hide the syntax it is mapped to (sharkdp/bat)
    ("Map `*.mkd` files to `Markdown` syntax", ("src/syntax_mapping/50-markdown.toml",),
     ("customer-value",)),
    ("Map /var/log/dmesg to Syslog syntax", ("src/syntax_mapping/50-syslog.toml",),
     ("customer-value",)),
    ("Include `.code-workspace` as a JSON extension", ("src/syntax_mapping/50-json.toml",),
     ("customer-value",)),
    # caddyserver/caddy, syncthing: made configurable for users, not for the tests
    ("caddytls: Option to configure certificate lifetime", ("modules/caddytls/tls.go",),
     ("customer-value",)),
    ("encode: make zstd checksum configurable", ("modules/encode/zstd.go",),
     ("customer-value",)),
    ("refactor(api): make shutdown timeout configurable for tests", ("lib/api/api.go",), ()),
    ("reverseproxy: Customizable dial network for SRV upstreams",
     ("modules/caddyhttp/reverseproxy/upstreams.go",), ("customer-value",)),
    # prometheus, sharkdp/bat: support added for something users could not do before, after
    # a scope or a bracketed language, but not under a fix tag nor for a new version of a
    # dependency (laravel/framework's "Supports Symfony 7.4 & 8.0" is upkeep)
    ("rulefmt: support YAML aliases for recording rules", ("model/rulefmt/rulefmt.go",),
     ("customer-value",)),
    ("[Python] Support uv as script runner in shebang",
     ("src/syntax_mapping/builtins/python.toml",), ("customer-value",)),
    ("fix(package): support build.gradle.kts in version detection", ("src/package.rs",), ()),
    ("[13.x] Supports Symfony 7.4 & 8.0", ("composer.json",), ()),
    # PowerShell, goreleaser, grafana/k6: an experimental feature made stable; not a sort,
    # an output or the tests
    ("Make the experimental feature `PSFeedbackProvider` stable",
     ("experimental-feature-linux.json",), ("customer-value",)),
    ("feat(dockers_v2): remove experimental warn", ("internal/pipe/docker/v2/docker.go",),
     ("customer-value",)),
    ("Graduate to `k6/browser` from an experimental module", ("js/jsmodules.go",),
     ("customer-value",)),
    ("Make sort stable", ("src/sort.rs",), ()),
    ("Make the JSON output stable", ("src/json.rs",), ()),
    ("Make websocket reconnection stable", ("src/ws.rs",), ()),
    # PowerShell: a way to opt out
    ("Allow opt-out of the named-pipe listener using an environment variable",
     ("src/System.Management.Automation/engine/remoting/NamedPipe.cs",), ("customer-value",)),
    # locust: a release kept out for the slowness it may bring, a package named "requests"
    ("Avoid using most recent python-requests because it may introduce performance issues",
     ("pyproject.toml",), ()),
    ("Avoid redundant requests when paging", ("src/pager.py",), ("customer-value",)),
    ("Avoid exception in HttpUser if requests fail with status 0", ("locust/clients.py",), ()),
    ("Avoid panic on requests with empty body", ("src/server.rs",), ()),
    # PowerShell: a package format users get, built in its Azure pipelines
    ("Create Linux LTS deb/rpm packages for LTS releases",
     (".pipelines/templates/linux-package-build.yml",), ("customer-value",)),
    # mockito: the feature request a pull request closes, named before its verb
    ("Fixes #2740 : Add mockMaker option to `@Spy` annotation",
     ("mockito-core/src/main/java/org/mockito/Spy.java",), ("customer-value",)),
])
def test_an_option_a_language_or_a_speed_up_claims_customer_value(
    title: str, paths: tuple[str, ...], shown: tuple[str, ...]
) -> None:
    result = classify(item(title, paths=paths), load_rubric(), roles=("author",),
                      model=toy_model())

    assert tuple(c for c in result.competency_ids if c == "customer-value") == shown


def test_work_said_to_clarify_claims_customer_empathy_what_the_model_doubts() -> None:
    # junegunn/fzf: "Update man page: clarify inline list-border shape requirements"
    model = toy_model()
    clarified = item("Clarify what --since accepts in the help", paths=("src/cli.py",))
    typo = item("docs: clarify wording, fix typos", paths=("docs/usage.md",))

    result = classify(clarified, load_rubric(), roles=("author",), model=model)

    assert result.competency_ids == ("customer-empathy",)
    # ... and as help text users read
    assert result.matches[0].reasons == ("title matches 'help'", "title matches 'Clarify'")
    assert classify(typo, load_rubric(), roles=("author",), model=model).matches == ()


def test_work_that_shows_users_something_claims_customer_empathy() -> None:
    # jesseduffield/lazygit: "Show worktree name next to branch in branches list"
    model = toy_model()
    shown = item("Show worktree name next to branch in branches list",
                 paths=("pkg/gui/presentation/branches.go",))
    fixed = item("fix(gui): show the restarting modal during upgrades",
                 paths=("gui/default/index.html",))

    result = classify(shown, load_rubric(), roles=("author",), model=model)

    assert result.competency_ids == ("customer-empathy",)
    assert result.matches[0].reasons == ("title matches 'Show'",)
    assert "customer-empathy" not in classify(
        fixed, load_rubric(), roles=("author",), model=model).competency_ids


def test_the_projects_own_scripts_alone_claim_nothing() -> None:
    # etcd: "Silence BOM first run expected error", lines of its scripts/test.sh and
    # scripts/updatebom.sh that quiet a tool's expected failure in the logs, was Customer
    # Empathy for its "first run": the project's own scripts, as hack/ is Kubernetes'
    # (not an installer users run: "Fix the installer on arm64" stays open)
    body = ("The tool fails during the first run in a recently cloned repository, as the "
            "first run shows the download of dependencies. This is polluting the logs as it "
            "has the expected failure. Redirecting the output to /dev/null alleviates it.")
    result = classify(item("Silence BOM first run expected error",
                           paths=("scripts/test.sh", "scripts/updatebom.sh"), body=body),
                      load_rubric(), roles=("author",))

    assert result.competency_ids == ()


@pytest.mark.parametrize(("title", "competency", "shown"), [
    # home-assistant/frontend, ankitects/anki, jesseduffield/lazygit
    ("Add min touch target size for control switch", EMPATHY, True),
    ("ha-bottom-sheet reduce motion support", EMPATHY, True),
    ("Improve contrast of highlighted search results", EMPATHY, True),
    ("FIX revert button is visible for screenreaders", EMPATHY, True),
    ("Make add integration dialog keyboard accessible", EMPATHY, True),
    ("A11Y: Improve the accessibility of the Preferences dialog", EMPATHY, True),
    # nushell, AntennaPod, zellij: said to be easier or friendlier to use
    ("make std help more user friendly", EMPATHY, True),
    ("Make enqueue location setting easier to understand", EMPATHY, True),
    ("feat(ux): first run setup-wizard", EMPATHY, True),
    # ... but not code made clearer to its readers (tmux, ansible/ansible)
    ("Add some enums for prompt return values to make them a bit less confusing.", EMPATHY,
     False),
    ("Clarify unroll in _finalize", EMPATHY, False),
    ("Clarify contribution policy", EMPATHY, False),  # jesseduffield/lazygit: contributors'
    ("docs: clarify that -e/--extension matches all entry types", EMPATHY, True),
    # grafana/k6, pydata/xarray, hashicorp/terraform: warned before they get hurt
    ("Warn on mixing ESM and commonJS", EMPATHY, True),
    ("Warn on repeated dimension names during construction", EMPATHY, True),
    ("command/show: Emit diagnostics from backend initialisation", EMPATHY, True),
    ("Fix warnings", EMPATHY, False),  # a compiler's, upkeep
    # Homebrew/brew, zellij-org/zellij: errors made better for whoever reads them
    ("Improve generate-zap Full Disk Access errors", EMPATHY, True),
    ("fix(about): more verbose config readonly error", EMPATHY, True),
    ("Fixed multi-part RAR extraction and improved error logging", EMPATHY, False),
    ("chore: silence a lint warning", EMPATHY, False),
    # restic/restic: permissions, not accessibility; a design choice set against another
    ("docs: fix permission setup for group-accessible repo", EMPATHY, False),
    ("Use a queue in contrast to the old polling", EMPATHY, False),
    # apache/commons-lang: Java's reflection; nextcloud/news: a coding agent's onboarding
    ("Fix field accessibility leak in EnhancedCompositeBeanHelper", EMPATHY, False),  # maven
    ("Don't check accessibility twice in MemberUtils.setAccessibleWorkaround(T)", EMPATHY,
     False),
    ("Add .github/copilot-instructions.md for coding agent onboarding", EMPATHY, False),
    ("Make onboarding easier for new workspaces", EMPATHY, True),
    # PowerShell: a project joined to a pipeline
    ("Prepare for onboarding PowerShell to the Native2Native localization pipeline",
     EMPATHY, False),
    ("Improve onboarding for new users", EMPATHY, True),
    ("Improve onboarding for new users to the platform", EMPATHY, True),
    # jellyfin, nushell, square/okhttp: errors caught so the program keeps going
    ("Catch exceptions in auto discovery", STABILITY, True),
    ("Handling errors instead of killing the REPL", STABILITY, True),
    ("Catch UnsatisfiedLinkError in AndroidLog", STABILITY, True),
    ("Ignore cargo audit errors about `quickxml`", STABILITY, False),  # a checker's findings
    # sharkdp/bat, kubernetes-sigs/kind: a dependency bumped for the bug it fixes
    ("Bump time to 0.3.36 (fixes #3043)", STABILITY, True),
    ("bump containerd back to 2.2.3 due to 2.3.0 regression", STABILITY, True),
    ("Pin build<1.4.1 to fix CI", STABILITY, False),
    # a chore that says what it fixes for users (caddyserver/caddy)
    ("chore: Bump quic-go to 0.48.1, fixing a panic", STABILITY, True),
    ("chore: bump quic-go to 0.48.1", STABILITY, False),
    ("Bump requests from 2.31 to 2.32", STABILITY, False),
    # charmbracelet/bubbletea: a chore bump that names the bug or vulnerability it fixes
    ("chore: bump x/ansi to v0.11.7 to fix a width calculation bug", STABILITY, True),
    ("chore: bump ultraviolet to 489999b90468 to fix a wide char issue", STABILITY, True),
    ("chore: bump go.mod to 1.24.6 to fix exec.LookPath vuln", STABILITY, True),
    ("chore: update deps to fix the build", STABILITY, False),  # the project's own build
    # hashicorp/terraform, rubocop, syncthing: a message users read, named and changed
    ("Fix resolution message for S3/DynamoDB state checksum mismatch", EMPATHY, True),
    ("Tweak the offense message for `Style/ExponentialNotation`", EMPATHY, True),
    ("Adjust error message expectation for next GraalPy version", EMPATHY, False),
    ("Fix AsyncResolver swallowing the error message", EMPATHY, False),
    # grafana/k6, pydata/xarray: help text, a better default, a recommendation
    ("cloud: drop the run flags from `k6 cloud` help", EMPATHY, True),
    ("Better default behavior of the Coordinates constructor", EMPATHY, True),
    ("Recommend the OpenTelemetry output instead of InfluxDB", EMPATHY, True),
    ("fix(cache): allow --help flag for cache subcommand", EMPATHY, False),
    ("Better description for shrink database button", EMPATHY, True),
    ("commands: Improve description of command flags", EMPATHY, True),  # gohugoio/hugo
    # AntennaPod, uptime-kuma, outline: the small frictions of using it taken away
    ("Remove notification permission nag", EMPATHY, True),
    ("feat(login): Autofocus 2fa", EMPATHY, True),
    ("fix: auto-scroll sidebar to show active document", EMPATHY, True),
    ("fix(plugins): properly focus pane after tab was closed", EMPATHY, False),
    # pypa/pip, helm/helm: output made clearer, or telling users what they needed
    ("Improve presentation of non-verbose downloads with non-PyPI indexes", EMPATHY, True),
    ("print failed hook name", EMPATHY, True),
    ("Include recipe name in cache entries", EMPATHY, False),  # casey/just: the program's
    ("lib/api: Improve folder summary event, verbose service", EMPATHY, False),
    # withastro/astro's maintainer's security work, none claimed or claimed as a feature
    ("Escape interpolated values", STABILITY, True),
    ("Add more escaping for rendered content", STABILITY, True),
    ("Escape RSS source/enclosure fields", STABILITY, True),
    ("Harden nested object path lookups", STABILITY, True),
    ("Apply the origin check to Actions", STABILITY, True),
    ("fix: prevent open redirect on backslash-prefixed paths", STABILITY, True),
    ("Escape key closes the command palette", STABILITY, False),
    ("Remove old CSRF code", STABILITY, False),
    ("Escape source and enclosure fields in RSS feed generation", STABILITY, True),
    ("Escape quotations in CSV imports properly", STABILITY, True),  # maybe-finance
    # pnpm: a fix the project scopes to security (the model gave it 0.10)
    ("fix(security): verify Node.js runtime SHASUMS OpenPGP signature", STABILITY, True),
    ("docs(security): add a security policy", STABILITY, False),
    # ... narrowed after an attack: escaping said of nothing a stranger writes, a scanner's
    # rule for an attack, an origin check of a script
    ("cmd/compile: escape analysis for closures in loops", STABILITY, False),
    ("Escape menu: add volume slider", STABILITY, False),
    ("Escape hatch for custom serializers", STABILITY, False),
    ("escape dollar signs in generated Makefile", STABILITY, False),
    ("Add sql injection rule for PHP analyzer", STABILITY, False),
    ("Add origin checks to release script", STABILITY, False),
    # a package users install from, published for the first time (junegunn/fzf)
    ("Publish .deb package for each release", "customer-value", True),
    ("Provide Flatpak package on Flathub", "customer-value", True),
    ("Fix rpm package signing", "customer-value", False),
    # restic/restic: an error made helpful for its reader
    ("Return helpful error if subfolder syntax fails on Windows", EMPATHY, True),
    ("Show an actionable message when the repository is locked", EMPATHY, True),
    ("Add descriptive titles to saved prompts", EMPATHY, False),
    ("Meaningful message previews in notifications", EMPATHY, False),
    ("meaningful names for error types", EMPATHY, False),
    # astral-sh/uv, caddyserver/caddy: what users have kept from being destroyed
    ("Do not allow `uv venv --clear` to remove non-virtual environments", STABILITY, True),
    ("cmd: Prevent overwriting existing env vars with `--envfile`", STABILITY, True),
    ("Don't remove trailing whitespace in code blocks", STABILITY, False),
    # traefik/traefik: input from outside refused, named as untrusted or suspicious
    ("Reject suspicious encoded characters", STABILITY, True),
    ("Remove untrusted X headers with underscores", STABILITY, True),
    ("Reject suspicious PRs", STABILITY, False),
    # uv: the code's readers, not users: Rust's ownership, a comment, an internal API
    ("Clarify URL conversion ownership", EMPATHY, False),
    # difftastic: lifetimes and the code's own names, bare; not an error about them
    ("Clarify lifetimes", EMPATHY, False),
    ("Clarify struct field names", EMPATHY, False),
    ("Clarify the error when a lifetime is missing", EMPATHY, True),
    ("Add a comment explaining the `lock --check` error handling", EMPATHY, False),
    ("Improve the error printing API", EMPATHY, False),
    ("Clarify the error when a lockfile is stale", EMPATHY, True),
    # ... and what an attack on those rules found they must leave alone
    ("Do not truncate long branch names in the prompt", STABILITY, False),
    ("Don't overwrite CHANGELOG.md on release", STABILITY, False),
    ("Filter suspicious transactions in the fraud dashboard", STABILITY, False),
    ("Clarify ownership of volumes created by the container", EMPATHY, True),
    # woodpecker-ci: an advisory a scanner ignores
    ("Ignore GO-2026-5932 (unused openpgp package) in trivy scans", STABILITY, False),
    ("Bump x to fix GO-2026-5932", STABILITY, True),
    # linkwarden: a language model's prompts are no prompts users answer
    ("Improve AI tag generation prompts", EMPATHY, False),
    ("Improve the confirmation prompts", EMPATHY, True),
    # navidrome: a command named `explain` is no explaining (the model gave it 0.01)
    ("feat(artwork): store the resolution trace so `artwork explain` works offline",
     EMPATHY, False),
    ("Clarify the `artwork explain` output", EMPATHY, True),
    ("Explain what `--explain` prints", EMPATHY, True),
    ("Fix `explain` output and clarify the error when the plan is empty", EMPATHY, True),
    ("docs: update guide to clarify how `EXPLAIN` output is read", EMPATHY, True),
    # sveltejs/svelte: the team's own benchmark output
    ("Nicer bench output", EMPATHY, False),
    ("Nicer output for failed checks", EMPATHY, True),
    # tokio: a panic that points at the caller's own line, and its panics documented
    ("time: add `#[track_caller]` and panic docs to `timeout_at()`", EMPATHY, True),
    # typst: a compiler's diagnostics, its users' error messages
    ("More compact diagnostic tracebacks", EMPATHY, True),
    ("Spanned diagnostic hints", EMPATHY, True),
    ("Store the diagnostic hints in the database", EMPATHY, False),
    ("Remove diagnostic hints", EMPATHY, False),
    ("lsp: diagnostic hints now respect client capabilities", EMPATHY, False),
    ("Show Prettier diagnostics in the editor", EMPATHY, False),
    # casey/just, mitmproxy, composer: what went wrong put into the error users read, which
    # adds no option; an option that ignores errors does; a retry or a test is no message
    ("Include path to .env file in error messages", EMPATHY, True),
    ("Add option name to parsing exceptions in optmanager", EMPATHY, True),
    ("Add option name to parsing exceptions in optmanager", VALUE, False),
    ("Include the failed URL in max-file-size and content-length errors (#13041)", EMPATHY,
     True),
    ("Add option to ignore errors", EMPATHY, False),
    ("Add option to ignore errors", VALUE, True),
    # rclone: Go's context threaded through, an advisory closed by a setting
    ("vfs: add context parameter to New()", VALUE, False),
    ("rc: add AuthRequired to options/set to fix CVE-2026-41176", VALUE, False),
    ("api: add `limit` parameter to /search", VALUE, True),
    ("Add retries for connection errors", EMPATHY, False),
    ("Add test coverage for the `find_uv_bin` error message", EMPATHY, False),
    # google/gson: code and docs brought to a new requirement; docs for a feature stay
    ("Update code and docs for minimum Android API level 24", EMPATHY, False),
    ("Add docs for the new --foo option", EMPATHY, True),
    # casey/just: a language's guard is its syntax, a feature; a guard against bad input stays
    ("Add guard sigil `?`", STABILITY, False),
    ("Add guard against an empty config", STABILITY, True),
    # wails: a system added by name with its support, the model doubting a 20,000-line
    # change's long description
    ("Add iOS support for Wails v3 alpha", VALUE, True),
    ("feat: Add Android support for Wails v3", VALUE, True),
    ("fix: Add Android support for the crash reporter's stack traces", VALUE, False),
    ("docs: add iOS support page", VALUE, False),
    # authelia: a warning included, a misleading error set right
    ("fix(configuration): include specific warning about ports", EMPATHY, True),
    ("fix(middlewares): misleading issuer error", EMPATHY, True),
])
def test_deciding_word_rules_claim_what_the_model_doubts(
    title: str, competency: str, shown: bool
) -> None:
    result = classify(item(title, paths=("src/components/a.ts",)), load_rubric(),
                      roles=("author",), model=toy_model())

    assert (competency in result.competency_ids) == shown


@pytest.mark.parametrize(("title", "body", "shown"), [
    # dani-garcia/vaultwarden: a squash whose commits fixed collections for newer clients,
    # each issue closed on a line of its own; the model stayed below its cut
    ("Misc fixes and updates (#7558)",
     "The newer clients expect a `cipherDetails` response.\n\nFixes #7545\nFixes #7546\n",
     True),
    ("Updates and fixes (#7235)", "A new endpoint restores a revoked user.\n\nFixes #7224",
     True),
    # ... not an issue named in passing, nor a fix the title does not say, nor what is no
    # fix (a typo, a test's)
    ("Misc fixes and updates", "This fixes #7545 and a few more.", False),
    ("Misc updates", "Fixes #7545", False),
    ("Fix typo in the README", "Fixes #12", False),
    ("Updates and fixes", "A revoked user is restored.\n\nFixes #7224, #7225", True),
    # ... nor a feature that fixes things, nor a hotfix workflow
    ("feat: auto-fix for deprecated config keys", "Rewrite them.\n\nResolves #512", False),
    ("feat(cli): add `fix` subcommand", "Closes #210", False),
    ("New hotfix branch workflow for maintainers", "Closes #3", False),
])
def test_a_fix_that_closes_an_issue_on_a_line_of_its_own_decides(
    title: str, body: str, shown: bool
) -> None:
    result = classify(item(title, body=body, paths=("src/api/core/ciphers.rs",)),
                      load_rubric(), roles=("author",), model=toy_model())

    assert (STABILITY in result.competency_ids) == shown


@pytest.mark.parametrize(("title", "paths"), [
    ("Fix a few flaky tests", ("pkg/gui/view.go", "pkg/integration/tests/drag.go")),
    # python-poetry/poetry: "fix wording" alone, one expected string in a test
    ("fix wording", ("tests/console/commands/test_check.py", "poetry.lock")),
    # python-poetry/poetry: its plural test tag, a test library swapped (with the lock file)
    ("tests: replace `httpretty` with `responses`",
     ("tests/conftest.py", "pyproject.toml", "poetry.lock")),
    # jesseduffield/lazygit: the tests made sturdier, read as resilience
    ("Make integration tests using commits more robust",
     ("pkg/integration/components/shell.go", "pkg/integration/tests/commit/a.go")),
    ("Don't let integration tests race a background git repack",
     ("pkg/integration/components/runner.go",)),
    # go-task/task: the README and the site's sponsor grid
    ("docs: credit JetBrains for the open source licenses",
     ("README.md", "website/.vitepress/sponsors.ts", "website/src/public/img/jetbrains.svg")),
    ("docs: add Cloudsmith attribution for deb/rpm package hosting",
     ("website/src/docs/installation.md",)),
    # louislam/uptime-kuma: a project's fix tag on a spelling fix; prometheus's comments
    ("fix: correct 12 spelling errors across codebase", ("src/util.ts",)),
    ("PromQL engine: Fix comment regarding non-nil histogram pointer", ("promql/engine.go",)),
    ("fix(types): expose additional PluginContext types", ("packages/vite/types/a.d.ts",)),
    ("docs(cacheprovider): add missing docstrings", ("src/_pytest/cacheprovider.py",)),
    # laravel/framework: the reverted work's "Fix" is not the revert's
    ('Revert "Fix ShouldBeUniqueUntilProcessing retries releasing locks"',
     ("src/Illuminate/Queue/Worker.php",)),
    ("Fix js lint", ("js/bundle.go",)),
    ("fix: Flaky groups test", ("server/routes/api/groups/groups.test.ts", "server/a.ts")),
    ("Fix some strings", ("src/lang/en.json",)),
    ("fix haproxy build", ("images/haproxy/Dockerfile",)),
    ("Fix website publishing", ("deploy_website.sh",)),
    ("perf: minor performance improvements", ("lib/fluent/plugin/buffer.rb",)),
    # monicahq/monica, outline: visual polish; hoppscotch, starship: a dependency's version
    ("fix: fix icons not aligned", ("resources/js/Shared/Icons.vue",)),
    ("fix: Vertically center empty state in notifications popover", ("app/Popover.tsx",)),
    ("fix: deps mismatch for vite-plugin-pages-sitemap",
     ("packages/web/package.json", "packages/web/vite.config.ts")),
    ("fix: rust-ini 0.21.2 has been yanked from crates.io.", ("Cargo.lock", "Cargo.toml")),
    # jekyll, grafana/k6, laravel: CI and the tests' own assertions fixed
    ("build: fix broken CI on newer rubies", ("lib/jekyll/utils.rb",)),
    ("Fix equality assertions", ("api/v1/routes_test.go", "cloudapi/api.go")),
    ("[13.x] Resolve issues with tests", ("src/Cache/SessionStore.php", "tests/StoreTest.php")),
    # pypa/pip: the project's own test tag
    ("test: Enforce network hygiene with pytest-subket", ("tests/conftest.py", "noxfile.py")),
    # encode/uvicorn, gohugoio/hugo: the project's own test runs made faster
    ("Speed up test suite with pytest-xdist", ("pyproject.toml", "requirements.txt")),
    ("Remove -p 2 parallelism limit for local test runs", ("magefile.go",)),
    # go-task/task, starship: CI and release machinery by the project's own scope
    ("feat(ci): add on-demand PR build workflow", ("scripts/build.sh",)),
    ("feat(release): publish the snap package with goreleaser", ("snap/snapcraft.yaml",)),
    # pdm-project/pdm: the capitalisation of descriptions, a test failure
    ("fix: correct capitalization in completion descriptions for config-setting option",
     ("src/pdm/cli/completions/pdm.zsh",)),
    ("fix: uv mode test failure for non-venv python", ("src/pdm/models/working_set.py",)),
    # miniflux/v2: perf work named by the code it tunes
    ("perf(misc): preallocate some slices", ("internal/reader/a.go",)),
    ("perf(reader): use a strings.Builder instead a string concatenation",
     ("internal/reader/b.go",)),
    ("perf(internal): reorder some struct members", ("internal/model/feed.go",)),
    ("perf(urlcleaner): misc performance improvements", ("internal/urlcleaner/clean.go",)),
    # gotify/server, rq: the project's own branch build, a type checker alone
    ("Fix version for master build", ("Makefile", "ui/package.json")),
    ("Fix mypy 2", ("rq/job.py", "rq/worker.py")),
    # dokku/dokku: one quoted word fixed in the docs; an architecture document
    ('Fix "its" in Caddy SSL configuration documentation', ("docs/networking/proxies/caddy.md",)),
    ("Add an architecture document", ("docs/development/architecture.md",)),
    ("Add an architecture document for dokku", ("docs/README.md",
                                               "docs/development/architecture.md")),
    # apache/commons-lang, pdm: tests added for coverage, whatever else they touch
    ("Improve branch coverage for Processor (isAarch64, isRISCV); add ProcessorTest",
     ("src/main/java/org/apache/commons/lang3/arch/Processor.java",
      "src/test/java/org/apache/commons/lang3/arch/ProcessorTest.java")),
    ("chore: improve test coverage", ("src/pdm/cli/utils.py", "tests/cli/test_utils.py")),
    # TanStack/query, phoenix, jq: work its title says is for a checker
    ("fix(scripts): sort 'readFile' before 'readdir' in 'generate-docs' to satisfy "
     "'sort-imports'", ("scripts/generate-docs.ts",)),
    ("make formatter happy", ("lib/phoenix/router.ex",)),
    ("Prefix unused variable with underscore to silence JS/TS LSP warnings",
     ("assets/js/phoenix/socket.js",)),
    ("Use -Wno-cast-function-type to quiet many warnings", ("configure.ac",)),
    # ollama: docs of the project's own process, in a README beside its vendored code
    ("docs: describe llama.cpp update process", ("llama/README.md",)),
    # TanStack/query: a fix the project scoped to its tests
    ("fix(tests): disable local coverage instrumentation",
     ("packages/query-core/vite.config.ts", "packages/vue-query/vite.config.ts")),
    # alacritty, sharkdp/bat: a language edition adopted
    ("Migrate to 2024 edition", ("alacritty/src/main.rs", "Cargo.toml")),
    ("Bump edition to 2021", ("Cargo.toml",)),
    # traefik: coverage restored, named by what it covers
    ("Restore gateway TCPRoute-on-TLS test coverage after TLSRoute GA",
     ("pkg/provider/gateway/tcproute_test.go", "pkg/provider/gateway/fixtures/tls.yml")),
    # uv: allocations and clones avoided, named by the code; the release scripts
    ("Avoid allocating static ABI descriptions", ("crates/uv-python/src/abi.rs",)),
    ("Avoid cloning dry-run distributions", ("crates/uv/src/install.rs",)),
    ("Fix pre-release handling in the manual release script", ("scripts/release.sh",)),
    # Kareadita/Kavita: a release commit that changes the version files alone
    ("v0.7.11.2 - Hotfix 2", ("API/API.csproj",)),
    ("v0.7.14 - iOS Webtoon Fixes, Built-in Email", ("API/API.csproj", "UI/Web/package.json")),
    # woodpecker-ci: its own CI's build fixed; a docs site's snapshot for a release
    ("build: fix freebsd server build", (".woodpecker/docker.yaml",)),
    ("Create Docs for v3.14.0", ("docs/versioned_docs/version-3.14/intro.md",
                                 "docs/versioned_sidebars/version-3.14-sidebars.json")),
    # htop: typographical errors; filebrowser: contributors' docs by their subject beside
    # the task runner's settings; atuin: a formatter run under the fix tag
    ("More typographical error fixes", ("configure.ac", "Meter.c")),
    ("docs: improve contribution documentation", ("CONTRIBUTING.md", "Taskfile.yml",
                                                  "cmd/docs_dev.go")),
    ("fix: run `cargo fmt`", ("crates/atuin/src/main.rs", "crates/atuin/src/sync.rs")),
    ("style: apply prettier", ("src/app.ts",)),
    # rclone: lint problems, as lint errors are
    ("internxt: fix lint problems", ("backend/internxt/internxt.go",)),
    # honojs/hono, Textualize/textual: a return type, casts for a checker, doc strings
    ("fix(utils/url): specify the return type of tryDecodeURI", ("src/utils/url.ts",)),
    ("fix(jsx): cast awaitedFallback through unknown to fix Deno type check",
     ("src/jsx/components.ts",)),
    ("fix(lambda-edge): satisfy Deno lib types for Content-Length body encoding",
     ("src/adapter/lambda-edge/handler.ts",)),
    ("fix return type", ("src/textual/widget.py",)),
    ("fix doc strings", ("src/textual/app.py",)),
    # sqlc-dev/sqlc, rclone: Go's own fixer by name; an audit's failure made to pass
    ("Apply go fix modernizations with Go 1.26.4", ("internal/cmd/generate.go",)),
    ('build: modernize with "go fix -rangeint": use range over int', ("lib/pool/pool.go",)),
    # go-chi/chi, navidrome: Go's modernize analyzers by name
    ("Apply the stringscutprefix modernizer", ("middleware/compress.go",)),
    ("refactor: run Go modernize", ("server/server.go",)),
    ("Fix govulncheck failure by removing lib/pq from default builds",
     ("internal/sqltest/postgres.go", "sqlc.json")),
    # nodejs/undici: dead code taken out under the fix tag
    ("fix: remove unused kSocketPath symbol", ("lib/core/symbols.js",)),
    ("fix(dispatcher): remove unreachable assert in writeBlob",
     ("lib/dispatcher/client-h1.js",)),
    # urllib3: a supply-chain checker's findings, its lock file's test tools bumped
    ("Fix Scorecard issues related to vulnerable dev dependencies",
     ("uv.lock", "osv-scanner.toml", "test/with_dummyserver/test_socketlevel.py")),
    ("ci: address zizmor findings across workflows", ("scripts/release.sh",)),
    # expressjs/express: the team roster in its Readme
    ("docs: add @krzysdz to the triage team", ("Readme.md",)),
    ("Nominate to @efekrskl for triage team", ("Readme.md",)),
    ("docs: update emeritus triagers", ("Readme.md",)),
    # gin-gonic/gin, rust-lang/mdBook: a release written up, announced, or updated to
    ("docs: document and finalize Gin v1.12.0 release",
     ("CHANGELOG.md", "README.md", "version.go")),
    ("docs: revise and expand Gin 1.12.0 release announcement", ("README.md",)),
    ("Update to 0.5.0", ("Cargo.toml", "Cargo.lock", "CHANGELOG.md")),
    # eslint, pnpm: deprecated code removed under a tag marked breaking
    ("fix!: remove deprecated `LintMessage#nodeType` and `TestCaseError#type`",
     ("lib/linter/linter.js", "tests/lib/linter/linter.js")),
    ("feat!: remove deprecated patch options", ("config/reader/src/index.ts",)),
    # redis/redis-py: type hints and the checker's errors, in its words
    ("Fixing errors reported by mypy in search module files - query.py, commands.py",
     ("redis/commands/search/query.py",)),
    ("Fixing several *arg type hints in core.py and json module commands",
     ("redis/commands/core.py",)),
    ("Changing the timeout typehint in async BlockingConnectionPool from int to float",
     ("redis/asyncio/connection.py",)),
    # redis-py: a version added to what the project tests against
    ("Add redis 8.4-M01-pre to tested redis versions.",
     (".github/workflows/integration.yaml", "tests/test_commands.py")),
    ("ci: add node.js 25 to test matrix", (".github/workflows/test.yml",)),
    # scrapy: coverage completed or improved, without the word "test"
    ("Improve coverage resolver (#7642)", ("scrapy/resolver.py", "tests/test_resolver.py")),
    ("Complete coverage for H2DownloadHandler",
     ("scrapy/core/http2/agent.py", "tests/test_http2_client_protocol.py")),
    # goreleaser, mkdocs-material: a lint pass named by its tag alone, imports put in order
    ("fix: lint", ("internal/pipe/sign/sign.go",)),
    ("fix: lint issues", ("internal/pipe/sign/sign.go", "pkg/config/config.go")),
    ("Fixed order of imports", ("src/plugins/blog/plugin.py",)),
    ("Sort imports", ("src/app.py",)),
    # jekyll, goreleaser: a release's post on the project's blog
    ("Add release post for v4.3.3", ("docs/_posts/2023-01-01-jekyll-4-3-3-released.markdown",)),
    ("docs: announce v2.13", ("www/docs/blog/posts/2025-11-30-goreleaser-v2.13.md",)),
    # starship: a dependency's release yanked
    ("fix: rust-ini 0.21.2 has been yanked from crates.io.", ("Cargo.toml", "Cargo.lock")),
    # sveltejs/kit, pnpm: the build mended after a merge, named bare
    ("fix merge", ("packages/kit/src/core/sync/write_types/index.js",)),
    ("fix merge discrepencies", ("packages/kit/src/exports/vite/index.js",)),
    ("fix lint after merge", ("packages/kit/src/runtime/client/client.js",)),
    ("chore: fix lockfile (#12990)", ("pnpm-lock.yaml",)),
    ("fix types", ("packages/kit/types/index.d.ts",)),
    ("fix bad import", ("packages/kit/src/runtime/server/page/render.js",)),
    # streamlink: the typing of a module or a method fixed; sphinx: a candidate released
    ("stream.dash: fix typing in manifest module", ("src/streamlink/stream/dash/manifest.py",)),
    ("session.http: fix typing", ("src/streamlink/session/http.py",)),
    ("Bump to 9.0.0 candidate 1", ("sphinx/__init__.py", "CHANGES.rst")),
    ("Bump to 9.1.0 final", ("sphinx/__init__.py", "CHANGES.rst")),
    # tokio-rs/tracing, dotnet/command-line-api, thoughtbot/factory_bot: a docs link
    # fixed, a branch merged behind a bracketed mark, a doc generator's warnings
    ("docs: fix link in `FmtSpan` docs (#3411)", ("tracing-subscriber/src/fmt/format/mod.rs",)),
    ("[automated] Merge branch 'release/10.0' => 'main'", ("src/System.CommandLine/Parser.cs",)),
    ("fix(yard): fix remaining yard doc warnings", ("lib/factory_bot.rb", "README.md")),
    ("fix(yard): resolve unknown parameter names warning", ("lib/factory_bot/syntax.rb",)),
    # python-pillow: Ruff's rule codes fixed, a compiler's comparison warnings
    ("PERF203 and PERF401 fixes", ("src/PIL/Image.py", "src/PIL/ImageFile.py")),
    ("chore: fix UP030 and UP032", ("src/streamlink/plugin/api/validate.py",)),
    # rust-lang/rustup: clones avoided inside the code
    ("toolchain: avoid internal cloning", ("src/toolchain/mod.rs",)),
    ("Fix comparison warnings", ("src/libImaging/Quant.c",)),
    # serde-rs/serde, nushell: a compiler's lint named by its own name
    ("Fix unused_features warning", ("serde/src/lib.rs",)),
    ("Ignore mismatched_lifetime_syntaxes lint", ("serde_derive/src/lib.rs",)),
    ("Fix `mismatched_lifetime_syntaxes` lint (#16618)", ("crates/nu-protocol/src/span.rs",)),
    # sebastianbergmann/phpunit: the coding standard and whitespace, PHPStan's errors, an
    # array shape's type, a bad merge named by its commit
    ("Fix CS/WS issues", ("src/Runner/TestRunner.php",)),
    ("Fix some return.type errors identified by PHPStan", ("src/Runner/TestRunner.php",)),
    ("Fix errors caused by sealed array shapes in PHPStan 2.2", ("src/Util/Filter.php",)),
    ("Fix array shape", ("src/Util/Filter.php",)),
    ("Fix bad merge of 19d225ba0a0fd369ab074d051bfeb178af849991",
     ("composer.json", "src/Runner/Version.php")),
    # jqlang/jq, jesseduffield/lazygit: docs, news and credits brought up to a release
    ("Update jq documentation for jq 1.8.2 release", ("docs/content/download/default.yml",)),
    ("Update NEWS.md and AUTHORS for 1.8.2 (#3529)", ("NEWS.md", "AUTHORS")),
    ("Update docs and schema for release (#5892)", ("docs/Config.md", "schema/config.json")),
    # vitest-dev/vitest: an API deprecated under the fix tag; dashes made consistent
    ("fix: deprecate `toBe*` spy assertions in favor of `toHaveBeen*` (#9665)",
     ("packages/expect/src/jest-expect.ts", "test/core/test/jest-expect.test.ts")),
    ("fix: deprecate unused types in matcher context (#9449)",
     ("packages/expect/src/types.ts",)),
    ("docs: more consistent em-dashes in the blog post (#9853)", ("docs/blog/vitest-4.md",)),
    # withastro/starlight, colinhacks/zod: an entry added to the docs' listing pages
    ("feat: add Starlight Recipes plugin (#3818)",
     ("docs/src/content/docs/resources/plugins.mdx",)),
    ("feat(docs): add 3 new showcase sites (#3922)",
     ("docs/src/assets/showcase/bomb.sh.png", "docs/src/components/showcase-sites.astro")),
    ("docs(ecosystem): add upfetch (#5238)", ("packages/docs/content/ecosystem.mdx",)),
    # ktorio/ktor: a build task named by its Gradle path
    ("Fix failing :ktor-io:compileDarwinMainKotlinMetadata (#5716)",
     ("ktor-io/darwin/src/io/ktor/utils/io/ByteReadChannel.kt",)),
    # jdx/mise, astral-sh/uv: a test named by what it tests, fixed or turned off
    ("fix llama.cpp version test", ("registry/llama.cpp.toml",)),
    ("Disable unstable concurrent keyring tests (#19767)", ("crates/uv/tests/it/keyring.rs",)),
    # Kotlin/kotlinx.coroutines, pallets/click: the editors' settings, a file's last newline
    ("Add .editorconfig to force newlines at file ends (#4584)",
     (".editorconfig", "kotlinx-coroutines-core/common/src/Await.kt")),
    ("add newline at eof", ("src/click/core.py",)),
    # Seldaek/monolog, trpc: the build fixed, bare; a broken link fixed, bare
    ("Fix build issues", ("src/Monolog/Formatter/LineFormatter.php",)),
    ("Fix build", ("src/Monolog/Handler/CurlHandler.php",)),
    ("fix(www): fix broken link (#7086)", ("www/vercel.json",)),
    # rollup: Renovate's lock files refreshed under a fix tag
    ("fix(deps): lock file maintenance minor/patch updates (#6203)",
     ("package-lock.json", "src/ast/nodes/shared/Node.ts")),
    # pallets/click: a test's race fixed
    ("Fix pager test race by raising before yield",
     ("pyproject.toml", "src/click/_compat.py", "tests/test_utils.py")),
    # pallets/click: typing improved, named so
    ("`Parameter` typing improvements", ("src/click/core.py", "CHANGES.rst")),
])
def test_a_routine_rule_that_decides_keeps_what_the_model_claims_off(
    title: str, paths: tuple[str, ...]
) -> None:
    model = toy_model(bias=[12.0, 12.0, 12.0])
    rubric = load_rubric()

    result = classify(item(title, paths=paths), rubric, roles=("author",), model=model)

    assert result.matches == ()
    assert result.routine
    assert classify(item("Fix the upload queue", paths=("src/queue.py",)), rubric,
                    roles=("author",), model=model).matches != ()
    # ... what is sturdier for users still shows (the sturdier-tests rule's near misses)
    for other in ("Make uploads more robust", "Make the test runner more robust",
                  "Make tests more robust against a parser crash",
                  # an attack on sturdier-tests: the product's fault named
                  "Make tests less flaky by fixing a race in the scheduler shutdown",
                  "Make e2e tests more stable: wait for server readiness before serving",
                  "Don't let tests race the watcher: fix missed file events",
                  # ... and a formatter the product runs (formatter-run's near misses)
                  "Run prettier on save in the editor", "Apply black to notebooks on export",
                  # ... and a product's linter fixed (lint-fixes' near miss)
                  "Fix linter crash on empty files",
                  # ... and a type the program reads (type-checker's near misses)
                  "Fix the type check of uploaded files", "Return the right type of node",
                  # ... and Go's own packages, a product's audit (the go fix and audit
                  # rules' near misses)
                  "cmd/go: fix the module cache lock on Windows",
                  "fix: prevent 'pnpm audit' from crashing with an OOM error",
                  # ... and what was unused and a hazard (dead-code's near misses)
                  "fix: remove unused listener that leaked memory",
                  "fix: remove unused permissions from the release token",
                  # ... and output made modern for its readers (the modernizer's near miss)
                  "partially modernize restore command output",
                  # ... and a fix that removes a deprecated flag, unmarked (starship's)
                  "fix(helm): remove deprecated --client flag from helm version command",
                  # ... and a code scanner's alerts, in the product's code (fzf's)
                  "Address code scanning alerts",
                  # ... and an announcement the product shows (release-announcement's)
                  "Show the release announcement banner after an update",
                  # ... and a team feature of the product (team-roster's: code, not docs)
                  "Add the triage team to the project settings page",
                  # ... and imports fixed, a lint rule for users, files a user yanks
                  "fix imports", "fix: lint rule for users",
                  "fix: reconcile selected and yanked file states on a full list update",
                  # ... and a failure named beside a merge, a check, a lock file
                  "fix crash after merge of two workspaces", "Fix check for stdlib dataclasses",
                  "fix: lockfile corruption when installing",
                  # ... and a panic's message users read, under a docs tag (tracing's)
                  "docs: improve assert message to mention a possible cause of a panic",
                  # ... and a review's: a git tool's crash after a rebase, a modem named
                  # like a lint code, a release's post-processing
                  "Fix crash after rebase", "Fix SIM800 call handling",
                  "Fix crash in release post-processing",
                  # ... and users typing, code made to agree with a language
                  "fix typing in the search box",
                  # ... and what a program releases on an error, a GPU named by its code
                  "Release Py_Buffer on error", "Fix A100 GPU detection",
                  "fix(v4): align record keys and intersection strictness with TypeScript",
                  # ... and a warning named like a setting, one in a file users build
                  "Fix user_agent warning",
                  "fix: suppress `state_referenced_locally` warnings in generated root.svelte",
                  # ... and a build that failed somewhere, a link a product follows
                  "Fix build on Windows", "fix broken link handling in the editor",
                  # ... and a tool that reads its users' .editorconfig (prettier's)
                  "Prevent reading `.editorconfig` in `getParser`",
                  # ... and a test the product runs for its users
                  "Fix the network speed test",
                  # ... and another product's version docs now cover, a deprecation that
                  # adds or warns, a task of the product's own (the session-43 rules')
                  "Update PyTorch documentation for PyTorch 2.11 (#19095)",
                  "Deprecate exporter type, add exporter protocol",
                  "Deprecated options now warn when set",
                  # (a review's: what broke on a deprecated call, a schema's version)
                  "fix(cli): deprecated --config flag was silently ignored",
                  "fix: deprecated `datetime.utcnow()` calls crash on Python 3.14",
                  "Update schema validation for 3.1",
                  "Fix failing upload tasks on retry"):
        assert classify(item(other, paths=("src/queue.py",)), rubric, roles=("author",),
                        model=model).matches != (), other


def test_a_listing_entry_in_the_docs_is_upkeep_a_theme_or_guide_the_product_ships_is_not(
) -> None:
    # the near misses of docs-listing-entry: a theme in the product's code, a guide to a
    # plugin in the docs
    rubric = load_rubric()
    for title, paths in (
        ("feat(themes): add night-owl theme", ("zellij-utils/assets/themes/night-owl.kdl",)),
        ("docs: add docs for sitemap plugin", ("docs/src/content/docs/guides/sitemap.mdx",)),
        # (a review's: a page of its own)
        ("docs: add resource limits guide", ("docs/guides/resource-limits.md",)),
        ("Add Resource Quotas documentation", ("docs/concepts/resource-quotas.md",)),
    ):
        result = classify(item(title, paths=paths), rubric, roles=("author",),
                          model=toy_model())
        assert "a listing or redirect in the docs" not in result.routine, title


def test_a_docs_sites_favicon_is_its_configuration_a_page_or_code_about_favicons_is_not(
) -> None:
    # an attack on the docs site's favicon rule: a page about favicons, a favicon feature
    rubric = load_rubric()
    for title, paths in (
        ("docs: add guide for configuring your site's favicon", ("docs/guides/favicon.md",)),
        ("feat: show unread count in the favicon", ("website/src/lib/favicon.ts",)),
    ):
        result = classify(item(title, paths=paths), rubric, roles=("author",),
                          model=toy_model())
        assert "docs site or build configuration" not in result.routine, title


@pytest.mark.parametrize(("title", "body", "routine"), [
    # uv: an ownership clean-up claimed as Customer Empathy, its description saying users
    # see nothing of it
    ("Clarify Python resolution input ownership",
     "This is an internal ownership cleanup with no\nintended user-visible behavior change.",
     True),
    ("Move the parser into its own module", "No functional change.", True),
    # a template's box left unticked, a fix, and a change users see elsewhere
    ("Add a --json flag", "- [ ] No user-facing changes", False),
    ("Fix the cache key", "No functional change intended.", False),
    ("Add a --json flag", "No behavior change for existing users.", False),
])
def test_work_its_description_says_changes_nothing_users_see_is_upkeep(
    title: str, body: str, routine: bool
) -> None:
    model = toy_model(bias=[12.0, 12.0, 12.0])

    result = classify(item(title, body=body, paths=("src/app/parse.rs",)), load_rubric(),
                      roles=("author",), model=model)

    assert (result.routine == ("pure refactor",)) is routine
    assert (result.matches == ()) is routine


@pytest.mark.parametrize(("title", "paths", "rule"), [
    ("Fix panic when compiling crates with edition 2024", ("src/compile.rs",),
     "language-edition"),
    ("Use the edition 2024 documents indexer in the dumps", ("crates/dump/src/a.rs",),
     "language-edition"),
    ("Avoid allocating IP addresses from the reserved range", ("pkg/ipam/alloc.go",),
     "micro-optimisation-alloc"),
    ("Remove allocation that caused OOM on large uploads", ("src/upload.rs",),
     "micro-optimisation-alloc"),
    ("Add comments explaining each option in the default nginx.conf", ("conf/nginx.conf",),
     "code-comments"),
    ("fix: run prepublishOnly and publish scripts in the correct order", ("src/publish.ts",),
     "publishing"),
    ("Restore branch coverage for async functions", ("coverage/parser.py",), "test-coverage"),
    ("Fix peer dependency conflicts reported in install output", ("src/install.ts",),
     "dependency-fixes"),
    # woodpecker-ci: a value named "type" handed to users, binaries for a new platform;
    # Kavita: a version-titled change that carries code
    ("Expose step type to step env", ("pipeline/environ.go",), "type-checker"),
    ("Release linux/riscv64 binaries", (".woodpecker/binaries.yaml",), "release"),
    ("v2.1.1: fix crash in the scanner", ("API/Scanner.cs", "API/API.csproj"),
     "release-version-files"),
])
def test_upkeep_rules_leave_the_products_own_work_with_their_words_alone(
    title: str, paths: tuple[str, ...], rule: str
) -> None:
    # an attack on round 23's rules: each title is a fix, feature or users' docs of a
    # product where those words mean the product's own things
    assert f"routine/{rule}" not in default_rule_ids(item(title, paths=paths), ("author",))


@pytest.mark.parametrize("body", [
    "Lazy-load plugins at startup: 1.2s to 300ms. No behavior change.",
    "It caused sporadic hangs on macOS. No behavior change.",
])
def test_a_description_that_says_what_changed_is_not_upkeep_for_no_visible_change(
    body: str
) -> None:
    work = item("Move plugin loading into the runtime", body=body, paths=("src/plugins.rs",))

    assert "routine/no-visible-change" not in default_rule_ids(work, ("author",))


def test_a_fix_said_bugfix_or_bugs_is_read_as_a_fix() -> None:
    # Kareadita/Kavita: "Scanner Bugfixes", "Download Bugfix" and "Bugs from UX Overhaul"
    # had no fix rule, where "Webtoon Reader Fixes" had one; "Bugfixes" alone is too vague
    for title in ("Scanner Bugfixes", "Download Bugfix", "Bugs from UX Overhaul"):
        assert "product-stability/fix-title" in default_rule_ids(
            item(title, paths=("API/Services/Scanner.cs",)), ("author",)), title
    # linkwarden: "bug fix", a Dockerfile line and a version, had been a Strongest line
    for title in ("Bugfixes", "Lots of Bugfixes", "bug fix"):
        assert "routine/vague-fixes" in default_rule_ids(
            item(title, paths=("API/a.cs",)), ("author",)), title


def test_dependabots_grouped_updates_are_a_bump() -> None:
    # linkwarden: "Bump the npm_and_yarn group across 1 directory with 3 updates", with a
    # commit of the maintainer's, was a dash rather than upkeep
    work = item("Bump the npm_and_yarn group across 1 directory with 3 updates",
                paths=("package.json", "yarn.lock"))

    assert "routine/bump" in default_rule_ids(work, ("co_author",))
    assert classify(work, load_rubric(classifier="rules"), roles=("co_author",)).routine == (
        "dependency or tool bump",)


def test_a_feature_stabilised_or_a_settings_fallback_is_no_resilience() -> None:
    # uv: "Stabilize `workspace list` and `workspace dir`" was the growth arc's investment
    # in graceful degradation; alacritty's "Add global config fallback" (/etc/alacritty)
    # a Product Stability claim
    rubric = load_rubric(classifier="rules")
    for title in ("Stabilize `workspace list` and `workspace dir`", "Stabilize Python upgrades",
                  "Use the newly stabilized `std::fmt::from_fn`", "Add global config fallback"):
        assert "product-stability/resilience" not in default_rule_ids(
            item(title, paths=("src/lib.rs",)), ("author",)), title
    assert "product-stability/resilience" in default_rule_ids(
        item("Stabilize reconnect handling", paths=("src/net.rs",)), ("author",))
    assert classify(item("Add fallback to polling when inotify is unavailable",
                         paths=("src/watch.rs",)), rubric, roles=("author",)).competency_ids \
        == ("product-stability",)


def test_a_package_managers_own_words_for_dependencies_are_its_product() -> None:
    # uv: "Remove tracking of inferred dependency conflicts" (closing a user's issue) was
    # filed as a dependency bump; the same words beside a manifest still are one
    rubric = load_rubric(classifier="rules")
    resolver = classify(item("Remove tracking of inferred dependency conflicts",
                             paths=("crates/uv-resolver/src/lock.rs",)), rubric,
                        roles=("author",))
    manifest = classify(item("fix: deps mismatch for vite-plugin-pages-sitemap",
                             paths=("package.json", "pnpm-lock.yaml")), rubric,
                        roles=("author",))

    assert resolver.routine == ()
    assert manifest.routine == ("dependency or tool bump",)


@pytest.mark.parametrize(("title", "kept_off"), [
    ("chore(api): tidy the JSON content-type header", True),
    # syncthing: a chore that names the issue it fixes, or calls itself a bug fix
    ("chore(api): remove charset declaration from JSON content-type (fixes #10500)", False),
    ("chore: openapi importer bug fixes", False),
    # rollup: the regression a CI change fixes, named a few words on
    ("ci: fix linux-gnu glibc regression and enforce glibc ≤ 2.28 compatibility", False),
    ("ci: fix the workflow's cache key", True),
    ("ci: default to Python 3.14 and fix the release gate deadlock", True),
])
def test_a_chore_that_names_the_issue_it_fixes_is_not_upkeep_to_the_rules(
    title: str, kept_off: bool
) -> None:
    # the rules alone (classifier: rules); with the model, the chore tag is a feature it
    # weighs either way
    result = classify(item(title, paths=("lib/api/api.go",)),
                      load_rubric(classifier="rules"), roles=("author",))

    assert ("chore, CI or style commit" in result.routine) is kept_off


@pytest.mark.parametrize(("title", "kept_off"), [
    ("fix: dynamically adjust beat border radius", True),
    # usebruno/bruno: the look named after what it is on, a settings pane's scope before it
    ("fix: traffic light styling on light mode", True),
    ("fix: tabs z-index issue", True),
    ("fix(security): overflow on chip list styling", True),
    ("fix: error style", True),
    # ... not a number that overflows, nor CSS the product processes (vitejs/vite's "fix(css):
    # skip non css in custom sass importer")
    ("fix: integer overflow in the list parser", False),
    ("fix(css): skip non css in custom sass importer", False),
    ("fix: broken styles in the PDF export", False),
    # ... nor output broken for its reader, nor memory overflowing a table
    ("fix: ANSI colors when output is not a TTY", False),
    ("fix: user-defined styles in config", False),
    ("Fix overflow in packet header", False),
    ("Fix overflow in hash table", False),
    # behaviour, code or dependencies made to agree; a layout users could not read
    ("Align cascade delete behavior for transfers", False),
    ("Add themes variables to tile card to change border radius", False),  # a feature
    ("chore(native): bump and align dependencies to fix a crash", False),
    ("fix: toolbar buttons overlap and are cut off on small screens", False),
    ("bump quic-go to 0.48.1, fixing a panic; pin it", False),
    ("test: reproduce the crash on an empty upload queue", False),
])
def test_visual_polish_and_dependency_fixes_decide_but_not_behaviour_or_a_users_bug(
    title: str, kept_off: bool
) -> None:
    model = toy_model(bias=[12.0, 12.0, 12.0])

    result = classify(item(title, paths=("app/views/page.tsx",)), load_rubric(),
                      roles=("author",), model=model)

    assert (result.matches == ()) is kept_off


@pytest.mark.parametrize(("title", "body", "paths", "kept_off"), [
    # docker/compose: the test tag, a test file alone, and the description says which
    # issue it is the regression test for
    ("test: image volume from an already-local image",
     "Regression test for #14005, pulled-image scenario: compose used to rewrite the mount "
     "source to a digest the daemon can't resolve.", ("pkg/e2e/volumes_test.go",), False),
    # sqlc-dev/sqlc: the issues it guards closed on lines of their own
    ("test: pin sqlite query text with multi-byte UTF-8 comments",
     "A multi-byte character in a comment truncated the query.\n\nFixes #4523\nFixes #4235",
     ("internal/endtoend/testdata/multibyte/query.sql", "internal/endtoend/endtoend_test.go"),
     False),
    # ... not a test named after its issue in passing, nor regression tests in general
    ("test: cover the upload queue", "This also fixes #12's flaky timing.",
     ("tests/test_queue.py",), True),
    ("test: move the volume scenarios", "Regression tests are slow; split them.",
     ("pkg/e2e/volumes_test.go",), True),
    ("test: move the volume scenarios", "Split the file.\n\nRefs #14005",
     ("pkg/e2e/volumes_test.go",), True),
])
def test_a_test_is_upkeep_unless_its_description_names_the_failure_it_guards(
    title: str, body: str, paths: tuple[str, ...], kept_off: bool
) -> None:
    model = toy_model(bias=[-12.0, -12.0, 12.0])

    result = classify(item(title, body=body, paths=paths), load_rubric(), roles=("author",),
                      model=model)

    assert (result.matches == ()) is kept_off
    assert ("test-suite upkeep" in result.routine) is kept_off


@pytest.mark.parametrize(("title", "kept_off"), [
    # ajeetdsouza/zoxide, zellij-org/zellij: the project's own logo and README pictures
    ("Add logo", True),
    ("feat(assets): add svg logo", True),
    ("Refresh GIF", True),
    # ... not a logo users can set, nor a screenshot the product takes
    ("Add custom logo", False),
    ("Zoom in on real browser screenshot", False),
])
def test_the_projects_own_logo_and_pictures_are_upkeep(title: str, kept_off: bool) -> None:
    model = toy_model(bias=[12.0, 12.0, 12.0])

    result = classify(item(title, paths=("README.md", "contrib/logo.svg")), load_rubric(),
                      roles=("author",), model=model)

    assert (result.routine == (BADGES,)) is kept_off
    assert (result.matches == ()) is kept_off


@pytest.mark.parametrize(("title", "paths", "shown"), [
    # kubernetes-sigs/kind, jekyll, helix-editor: what users need to get it right
    ("Add known issue for WSL2 and cgroupv2 support", ("site/content/docs/user/known.md",),
     True),
    ("Add FreeBSD installation instructions", ("docs/_docs/installation/other.md",), True),
    ("Document Exclude behavior, Include overrides and the default exclusion list",
     ("docs/_docs/configuration/options.md",), True),
    # ... not a reformat, instructions for coding agents, nor the same words in code
    ("Format notes in Readme", ("README.md",), False),
    ("Tweak agent instructions", ("app/README.md", "event/README.md"), False),
    ("Add a note to the retry loop", ("src/retry.py",), False),
    # man pages and MDX pages are users' docs too (tmux.1, a website's .mdx)
    ("Note that switch-client only changes the key table for one key", ("tmux.1",), True),
    ("Add known issues for write-only attributes", ("website/language/ephemeral.mdx",), True),
    # an option or setting documented, and docs that said something wrong corrected
    # (jekyll, sharkdp/bat, starship): the labelling guide's "fix example that did not work"
    ("Fix missing `url` configuration option documentation",
     ("docs/_docs/configuration/options.md",), True),
    ("docs(man): update --style documentation with priority rules", ("doc/bat.1.in",), True),
    ("docs(c, cpp): remove incorrect note about default `format` string",
     ("docs/config/README.md",), True),
    # ... not punctuation, nor the same words in code
    ("docs: Fix incorrect parentheses", ("docs/_docs/usage.md",), False),
    # tokio-rs/axum: "examples:" names where the change is, not what it gives users
    ("examples: Disable unused reqwest feature", ("examples/oauth/Cargo.toml",), False),
    # ... nor an example's dependencies
    ("examples: Reduce mongodb example dependency",
     ("examples/Cargo.lock", "examples/mongodb/Cargo.toml"), False),
    ("docs: add upgrade guide and simplify FrankenPHP install pages",  # koel/koel
     ("docs/guide/upgrade.md", "docs/guide/frankenphp.md"), True),
    ("Fix incorrect default for the retry option", ("src/retry.py",), False),
    # encode/uvicorn: a new page or section, with the docs site's nav that lists it
    ("docs: add lifespan page", ("docs/concepts/lifespan.md", "mkdocs.yml"), True),
    ("docs: add section about Docker under Deployment", ("docs/deployment/docker.md",
                                                         "mkdocs.yml"), True),
    # ... not the release notes, nor a docs build fixed (go-task/task's VitePress)
    ("docs: readd missing --- to the release-notes.md", ("docs/release-notes.md",), False),
    ("Add notes about 0.34.3 and Google Analytics", ("docs/release-notes.md", "mkdocs.yml"),
     False),
    ("fix(docs): wrap join example in v-pre to fix VitePress build",
     ("website/src/docs/reference/templating.md",), False),
    # ... and the product's own upgrade process is the users' (not the project's process)
    ("docs: document the upgrade process", ("docs/upgrading.md",), True),
])
def test_users_docs_that_tell_them_what_they_need_claim_customer_empathy(
    title: str, paths: tuple[str, ...], shown: bool
) -> None:
    result = classify(item(title, paths=paths), load_rubric(), roles=("author",),
                      model=toy_model())

    assert ("customer-empathy" in result.competency_ids) is shown


@pytest.mark.parametrize(("title", "paths", "kept_off"), [
    ("Fix js lint", ("js/bundle.go",), True),
    # a linter that is the product: helm's lint command, rubocop's Lint cops
    ("fix: fix testchart lint errors", ("pkg/lint/rules/chartfile.go",), False),
    ("Fix Lint/DuplicateMethods false positives with anonymous classes",
     ("lib/rubocop/cop/lint/duplicate_methods.rb",), False),
])
def test_a_lint_pass_decides_but_not_a_linter_that_is_the_product(
    title: str, paths: tuple[str, ...], kept_off: bool
) -> None:
    model = toy_model(**{"t:fix": [0.0, 0.0, 12.0]})

    result = classify(item(title, paths=paths), load_rubric(), roles=("author",), model=model)

    assert (result.matches == ()) is kept_off


def test_a_rule_that_decides_is_read_from_the_rubric_and_checked(tmp_path: Path) -> None:
    rubric = _value_ladder(tmp_path, """
        - id: agree
          decides: true
          types: [feat]
    """)
    assert rubric.competencies[0].rules[0].decides

    bad = tmp_path / "bad.yml"
    bad.write_text("name: bad\ncompetencies:\n  - id: customer-value\n    rules:\n"
                   "      - id: agree\n        decides: maybe\n        types: [feat]\n")
    with pytest.raises(ConfigError, match=r"decides"):
        load_rubric(bad)


def test_the_model_claims_what_the_rules_leave_open_with_its_evidence() -> None:
    model = toy_model(**{"t:widget": [0.0, 12.0, 0.0], "p:exporters": [0.0, 1.0, 0.0]})
    work = item("Widget export", paths=("src/exporters/csv.py",))

    result = classify(work, load_rubric(), roles=("author",), model=model)

    assert result.competency_ids == ("customer-value",)
    match = result.matches[0]
    assert match.confidence == 1.0
    assert match.reasons[0] == "model (1.00): words 'widget'; path 'src/exporters/'"


def _value_ladder(tmp_path: Path, rules: str) -> Rubric:
    """A user's own rubric of one competency, Customer Value, with these rules."""
    path = tmp_path / "ladder.yml"
    path.write_text("name: ladder\ncompetencies:\n  - id: customer-value\n    threshold: 2\n"
                    "    rules:\n" + textwrap.indent(textwrap.dedent(rules).strip("\n"), "      ")
                    + "\n")
    return load_rubric(path)


def test_every_rule_of_a_users_own_rubric_wins_over_the_model(tmp_path: Path) -> None:
    model = toy_model()
    rubric = _value_ladder(tmp_path, """
        - id: faster
          title: "faster"
          weight: 2
    """)

    result = classify(item("Make the export faster"), rubric, roles=("author",), model=model)

    assert result.competency_ids == ("customer-value",)
    assert result.matches[0].reasons == ("title matches 'faster'",)
    assert result.matches[0].confidence is None


@pytest.mark.parametrize(("body", "fired"), [
    ("Fixes a regression from 2.1: the cache was never cleared.", True),
    # pypa/pipx's performance work: a test named for what it guards is no regression
    ("Add a parameterized regression covering every resolved base.", False),
    ("Adds a regression test for the cache.", False),
])
def test_a_regression_test_is_not_a_regression(body: str, fired: bool) -> None:
    evidence = item("Cache resolved context paths", body=body, paths=("src/pipx/paths.py",))

    assert ("product-stability/regression" in default_rule_ids(evidence, ("author",))) is fired


@pytest.mark.parametrize(("title", "rule", "fired"), [
    # miniflux/v2: what perf or refactor work avoids is no bug it fixes
    ("perf(sanitizer): avoid Token() allocations in stripIter", "product-stability/fix-title",
     False),
    ("fix: avoid a crash on empty feeds", "product-stability/fix-title", True),
    ("perf: fix slow feed refresh", "product-stability/fix-title", True),
    # hardening is security work (sindresorhus/execa, miniflux/v2)
    ("Harden against prototype pollution", "product-stability/security", True),
    ("feat(js): tighten the trusted types policy", "product-stability/security", True),
    # ... not a test suite's or a pipeline's (dbt-labs/dbt-core), by either rule
    ("[codex] Harden dbt-agate mutant coverage", "product-stability/security", False),
    ("[codex] Harden dbt-agate mutant coverage", "product-stability/security-named", False),
    ("Escape CSRF tokens in forms", "product-stability/security-named", True),
    # ... but hardening against an attack, or of untrusted input, still is
    ("Harden MIME type sniffing against XSS", "product-stability/security-named", True),
    ("Harden the build script against command injection", "product-stability/security",
     True),
    ("Harden deserialization of untrusted types", "product-stability/security", True),
    ("Harden the session cookie against theft", "product-stability/security", True),
    ("Simplifying and hardening the types pipeline", "product-stability/security", False),
    # gogs/gogs: a forged token refused is security work (its removal is a refactor)
    ("fix: drop requests with a forged CSRF token", "product-stability/security", True),
    # composer: injections avoided, named as the attack is; not injection as a design
    ("Convert perforce util to use array process args to avoid injections",
     "product-stability/security", True),
    ("Avoid dependency injection in the worker", "product-stability/security", False),
    # wagtail: validation put off for drafts is no investment in error handling
    ("Defer validation of required StreamField blocks when saving drafts",
     "product-stability/resilience", False),
    ("Validate the email on signup", "product-stability/resilience", True),
    ("Don't skip validation of webhook payloads", "product-stability/resilience", True),
    # wagtail: a dependency's newest release is upkeep; a runtime's is still support
    ("Add support for latest Azure SDK", "customer-value/supports-title", False),
    ("Add support for the latest Node.js", "customer-value/supports-title", True),
    ("Add support for latest ES modules", "customer-value/supports-title", True),
    # fastify/fastify's ReDoS on the Content-Type header; a spoofed client address
    ("fix: anchor keyValuePairsReg to prevent quadratic backtracking",
     "product-stability/security", True),
    ("Fix ReDoS in the URL parser", "product-stability/security", True),
    ("Reject spoofed X-Forwarded-For hops", "product-stability/security", True),
    ("Add option to spoof the User-Agent header", "product-stability/security", False),
    # glance: a browser the product poses as is no attack defended against
    ("Bump spoofed user agent versions", "product-stability/security", False),
    ("Reject spoofed TLS client certificates", "product-stability/security", True),
    ("Block requests with spoofed user agents bypassing bot protection",
     "product-stability/security", True),
    ("perf(misc): preallocate some slices", "routine/micro-optimisation-code", True),
    # jqlang/jq: the key releases are signed with is no dependency bumped for a fix
    ("Update GPG signing key (fix #3381)", "product-stability/bump-fixes", False),
    ("Update libfoo to 1.2.3 (fix #3381)", "product-stability/bump-fixes", True),
    # encode/django-rest-framework: a database transaction's rollback is no incident
    ("set_rollback should only rollback initialized connections",
     "product-stability/incident-rollback", False),
    ("Roll back the deploy that broke logins", "product-stability/incident-rollback", True),
    # psycopg: a connection pool's rollback neither
    ("fix(pool): trap CancelledError in the rollback too",
     "product-stability/incident-rollback", False),
    # ... but a release or a change that broke production, rolled back, is
    ("Rollback 2.3.1: connection errors in production", "product-stability/incident-rollback",
     True),
    ("Roll back the cache change that overloaded the db",
     "product-stability/incident-rollback", True),
    ("Hotfix the pool after the outage", "product-stability/incident-words", True),
    # pallets/click: reproducible output is no reproduced bug; typing is for the code's readers
    ("Sort help args to make them reproducible", "product-stability/regression", False),
    ("Reproduce the hang on Windows", "product-stability/regression", True),
    ("`click.prompt` typing clarifications / improvements", "customer-empathy/clarify", False),
    ("Clarify the prompt's error when input is empty", "customer-empathy/clarify", True),
    ("perf(ui): reduce amount of sql queries to get unread entries",
     "routine/micro-optimisation-code", False),
    ("Use slices in the sorter", "routine/micro-optimisation-code", False),  # no perf tag
    # gohugoio/hugo injects a script; composer's audit reads vulnerabilities as data
    ("transform/livereloadinject: Skip livereload.js injection if no tags found",
     "product-stability/security", False),
    ("Add comment injection for openscad", "product-stability/security", False),
    ("fix: code blocks of unknown languages cause HTML injection",
     "product-stability/security", True),
    ("Prevent injection through the template name", "product-stability/security", True),
    ("Fix update --lock not working when locked packages contain vulnerabilities",
     "product-stability/security", False),
    ("Ensure security advisories are returned as a zero-indexed array",
     "product-stability/security", False),
    ("Fix XSS in the markdown preview", "product-stability/security", True),
    ("Patch vulnerabilities in the upload handler", "product-stability/security", True),
    # mperham/sidekiq: old code taken out, named by what it guarded (significance.py alike)
    ("Remove old CSRF code", "product-stability/security", False),
    ("web: remove the legacy XSS filter", "product-stability/security", False),
    ("Remove the XSS hole in the legacy filter", "product-stability/security", True),
    # tokio: a queue that overflows, or a stack, is no hole an attacker uses (git/git)
    ("runtime: overflow second half of tasks when local queue is filled instead of first "
     "half", "product-stability/security", False),
    ("time: avoid stack overflow in runtime constructor", "product-stability/security", False),
    ("reftable: fix heap buffer overflow on truncated table", "product-stability/security",
     True),
    ("Fix integer overflow in the length check", "product-stability/security", True),
    # git/git: a word of the rule inside an identifier is code, not prose
    ("object-name: abbreviate loose object names without `disambiguate_state`",
     "customer-empathy/clarify", False),
    ("Disambiguate the error for ambiguous refs", "customer-empathy/clarify", True),
    # git/git: a subcommand introduced or implemented is one added
    ('builtin/history: introduce "fixup" subcommand', "customer-value/adds-option", True),
    ("wrapper: introduce writev(3p) wrappers", "customer-value/adds-option", False),
    # traefik, curl: hardening by its kind; an error passed on rather than dropped
    ("Make basic auth check timing constant", "product-stability/security", True),
    ("urlapi: clear password buffer on error path", "product-stability/security", True),
    ("Clear the search box after submitting", "product-stability/security", False),
    ("tool_operhlp: propagate low-level OOM in `add_file_name_to_url()`",
     "product-stability/resilience", True),
    ("Propagate the config to child commands", "product-stability/resilience", False),
    # rq: a class's repr named by the class is no investment in retries
    ("Added Retry.__repr__", "product-stability/resilience", False),
    ("Add retries with backoff to webhook delivery", "product-stability/resilience", True),
    # meilisearch: a secret kept out of what others see is security work
    ("Redact Authorization header in webhooks", "product-stability/security", True),
    ("Mask secrets in debug output", "product-stability/security", True),
    ("Fix API key leak in the server logs", "product-stability/security", True),
    ("Mask the date input while typing", "product-stability/security", False),
    # meilisearch: a dependency bumped for the bug it names; not for the build's complaints
    ("Bump Hannoy to fix unreachable documents", "product-stability/bump-fixes", True),
    ("Bump eslint to fix lint errors", "product-stability/bump-fixes", False),
    ("Update syn to fix compilation on nightly", "product-stability/bump-fixes", False),
    # pocketbase, aiohttp: checks and guards added are stability, not a feature; not a
    # type checker's, the CI's or the tests'
    ("added extra OAuth2 avatar url download checks", "product-stability/adds-checks", True),
    ("Add check to validate absolute URIs", "product-stability/adds-checks", True),
    ("Add presence validations for required fields", "customer-value/checks-not-feature",
     True),
    ("CI: add changelog check", "product-stability/adds-checks", False),
    ("Add type-checking of the plugin API with mypy", "product-stability/adds-checks", False),
    ("Add export to CSV", "customer-value/checks-not-feature", False),
    # nicotine-plus: "slskproto.py: improve message queue safety", thread safety of its
    # network queue, was its maintainer's first Customer Empathy highlight
    ("slskproto.py: improve message queue safety", "customer-empathy/error-messages", False),
    ("Improve message parsing of folder names", "customer-empathy/clearer-errors", False),
    ("Improve the message shown when the upload fails", "customer-empathy/clearer-errors",
     True),
    ("improved zoho-cliq message format", "customer-empathy/clearer-errors", True),
    # atuin: "feat(ui): prominent banner for wrong-key errors at login/sync" was a clearer
    # error, claimed as Product Stability on the word "wrong"
    ("feat(ui): prominent banner for wrong-key errors at login/sync",
     "product-stability/fix-title", False),
    ("Show the wrong total on the invoice page", "product-stability/fix-title", True),
    ("Dates were incorrect after a time zone change", "product-stability/fix-title", True),
    # meilisearch: the tests' compilation is the tests' upkeep; the product's is not
    ("Fix a compilation issue with tests", "routine/test-fix-title", True),
    ("fix compilation of tests using non-default features", "routine/test-fix-title", True),
    ("Fix compilation on 32-bit targets", "routine/test-fix-title", False),
    # pocketbase, sharkdp/bat: the issue a commit answers, before its subject, is no subject
    ("[#7759] added shift+click bulk selection", "customer-value/feature-title", True),
    ("#2592: Fixes unit tests dependent on echo on windows", "routine/test-fix-title", True),
    ("#hashtags added to posts", "customer-value/feature-title", False),
    # ... narrowed after an attack on them: a checker's or validator's new check is its
    # feature, a formatter's check CI's; a tokenizer's tokens and a show/hide button are no
    # secrets; a bump for the build's or the lockfile's sake is upkeep
    ("feat: add IsISO4217 validator", "product-stability/adds-checks", False),
    ("Add rustfmt check", "product-stability/adds-checks", False),
    ("Add checks for generated code being up to date", "product-stability/adds-checks",
     False),
    ("Add show/hide password button", "product-stability/security", False),
    ("Mask padding tokens in attention", "product-stability/security", False),
    ("Mask access tokens in logs", "product-stability/security", True),
    ("Fix leaking of the session token in error pages", "product-stability/security", True),
    ("Bump pnpm to fix lockfile issue", "routine/bump-upkeep-fix", True),
    ("Bump libgit2 to fix segfault on Windows", "product-stability/bump-fixes", True),
    ("Bump @types/node to 20.11", "routine/bump-upkeep-fix", True),
    ("Fix build with tests disabled", "routine/test-fix-title", False),
    ("Fix test build on Windows", "routine/test-fix-title", True),
    # pocketbase: a module path's words are a package's name
    ("swapped github.com/go-ozzo/ozzo-validation with github.com/pocketbase/ozzo-validation",
     "product-stability/resilience", False),
    ("Fixes https://github.com/acme/widgets/issues/12", "product-stability/fixes-issue", True),
    # meilisearch: "the" names no bug the CI fix is for
    ("Fix the CI issues", "routine/ci-fixes", True),
    ("Fix CI crash on empty config (fixes #12)", "routine/ci-fixes", False),
    ("Add option to silence warnings", "routine/tool-appeasement", False),
    # ollama: a model made to agree with upstream is no visual polish
    ("model: align Laguna with upstream llama.cpp", "routine/visual-polish", False),
    ("model: align gemma4 chat template handling", "routine/visual-polish", False),
    ("fix: align the toolbar icons", "routine/visual-polish", True),
    # ... narrowed after an attack: a security hole or a bug fixed for a checker, a message
    # quoted, a dropped polyfill named by its function; a UI piece aligned with anything
    ("Fix XSS to satisfy CodeQL", "routine/tool-appeasement", False),
    ('Handle EPIPE to silence "broken pipe" errors', "routine/tool-appeasement", False),
    ("Make clippy happy", "routine/tool-appeasement", True),
    ("Drop hash_equals polyfill", "product-stability/security", False),
    ("Replace custom compare with hmac.compare_digest", "product-stability/security", True),
    ("Align toolbar icons with upstream", "routine/visual-polish-ui", True),
    ("docs(devtools): align logo, panel, and option union descriptions across docs",
     "routine/visual-polish-ui", False),
    # Humanizr/Humanizer: a dependency the project's deps scope updates; a grammatical case
    # is no grammar mistake; locale data aligned with CLDR is no visual polish
    ("fix(deps): update uuid", "routine/bump", True),
    ("Add grammatical-case-aware TimeSpan humanization", "routine/typo", False),
    ("Fix grammatical errors in the README", "routine/typo", True),
    ("fix: align et, mk, and sq metric scales with CLDR", "routine/visual-polish", False),
    # paperless-ngx: a document is what it manages; its feature tag says what the work is
    ("Feature: document file versions", "customer-empathy/user-docs-named", False),
    ("Security (beta): enforce current permissions in autocomplete",
     "product-stability/security-type", True),
    ("Security (beta): enforce current permissions in autocomplete",
     "customer-empathy/ergonomics", False),
    ("feat(login): Autofocus 2fa", "customer-empathy/ergonomics", True),
    ("docs: document PowerShell placeholder quoting requirement",
     "customer-empathy/user-docs-named", True),
    # livewire: a constant-time comparison by its function's name
    ("[4.x] Use `hash_equals()` for checksum comparison", "product-stability/security", True),
    ("fix(tests): make the fixture server stop without a deadlock", "routine/test-scope",
     False),
    ("Make `foo` configurable to satisfy users", "routine/tool-appeasement", False),
])
def test_what_the_words_of_perf_and_security_work_fire(title: str, rule: str, fired: bool) -> None:
    evidence = item(title, paths=("internal/reader/a.go",))

    assert (rule in default_rule_ids(evidence, ("author",))) is fired


@pytest.mark.parametrize(("title", "kept"), [
    # gogs/gogs: a protection taken out under the refactor tag, which its changelog lists
    # as removed, had read "addresses a security problem"
    ("refactor: drop the use of CSRF token entirely", False),
    ("refactor(auth): remove the CSRF middleware", False),
    # ... not one that says what for
    ("refactor: drop eval() to prevent XSS", True),
    ("refactor: remove shell=True to avoid command injection", True),
    ("refactor: remove N+1 queries from the dashboard", True),
])
def test_a_protection_taken_out_under_the_refactor_tag_is_a_refactor(
    title: str, kept: bool
) -> None:
    model = toy_model(bias=[12.0, 12.0, 12.0])
    evidence = item(title, body="The CSRF token and its cookie are gone.",
                    paths=("internal/route/route.go",))

    result = classify(evidence, load_rubric(), roles=("author",), model=model)

    assert (result.matches != ()) is kept


@pytest.mark.parametrize(("title", "fired"), [
    # jqlang/jq: Docker images for a new architecture, built by the release workflow
    ("Support arm/v7 architecture in Docker images", False),
    ("ci: test on arm runners", True),
])
def test_a_new_platform_built_in_ci_is_not_ci_plumbing(title: str, fired: bool) -> None:
    evidence = item(title, paths=(".github/workflows/ci.yml",))

    assert ("routine/ci-only" in default_rule_ids(evidence, ("author",))) is fired


@pytest.mark.parametrize(("title", "paths"), [
    ("Add docker healthcheck to dokku container", ("Dockerfile",)),
    ("Add a health-check endpoint for the load balancer", ("internal/api/routes.go",)),
])
def test_a_health_check_added_claims_product_stability_what_the_model_doubts(
    title: str, paths: tuple[str, ...]
) -> None:
    result = classify(item(title, paths=paths), load_rubric(), roles=("author",),
                      model=toy_model())

    assert result.competency_ids == ("product-stability",)


def test_a_reason_says_what_the_item_says_not_the_regex_of_an_exception(
    tmp_path: Path,
) -> None:
    rubric = _value_ladder(tmp_path, """
        - id: feature
          title: "^add"
          unless_title: "^add (tests?|ci)\\\\b"
          weight: 2
        - id: anything-but-chores
          unless_title: "^chore"
          weight: 1
    """)

    result = classify(item("Add CSV export"), rubric, roles=("author",))
    explained = explain_item(item("Add CSV export"), rubric, Person(emails=("a@example.com",)))

    assert result.matches[0].reasons == (
        "title matches 'Add'", "rule 'anything-but-chores' (nothing in the item rules it out)")
    assert "  + feature (+2): title matches 'Add'" in explained.splitlines()
    assert "does not match" not in explained and "(tests?|ci)" not in explained
    # The exception still stops the rule, and still counts as its missing condition.
    assert classify(item("Add tests for export"), rubric, roles=("author",)).matches == ()
    assert ("  ~ feature (+2) came close: 1 of 2 conditions (title matches 'Add')"
            in explain_item(item("Add tests for export"), rubric,
                            Person(emails=("a@example.com",))).splitlines())


def test_work_that_is_not_a_pull_request_or_commit_stays_with_the_rubric() -> None:
    model = toy_model(**{"t:widget": [0.0, 12.0, 0.0]})
    review = item("Widget export", kind="review")

    assert classify(review, load_rubric(), roles=("reviewer",), model=model).matches == ()


# --- classifier: rules ------------------------------------------------------------------------


def test_classifier_rules_in_the_config_leaves_the_rubric_alone(tmp_path: Path) -> None:
    config = tmp_path / "evidencer.yml"
    config.write_text("classifier: rules\n")

    settings = merge_settings(load_config(config), {})
    rubric = load_rubric(settings.rubric, classifier=settings.classifier)
    work = item("fix: widget wording in the footer", paths=("src/footer.py",))
    result = classify(work, rubric, roles=("author",))

    assert settings.classifier == "rules"
    assert result.competency_ids == ("product-stability",)
    assert all(m.confidence is None for m in result.matches)
    assert not any(r.startswith("model") for m in result.matches for r in m.reasons)


def test_work_the_model_claims_nothing_of_says_which_competency_it_came_nearest_to(
    tmp_path: Path,
) -> None:
    # the document's Notes put unclaimed work the model nearly claimed first (gotify's
    # "OIDC Server"), so each unclaimed item carries the model's nearest competency
    model = shipped_model()
    assert model is not None
    rubric = load_rubric()
    work = item("OIDC Server", paths=("server/oidc.go", "api/user.go"))

    result = classify(work, rubric, roles=("author",))
    judged = {j.competency: j.probability for j in model.judge(
        work.title, work.body, work.paths, work.labels, rules=default_rule_ids(work, ("author",)))}
    ratios = {c: judged[c] / cut for c, cut in zip(model.competencies, model.thresholds,
                                                     strict=True)}
    best = max(ratios, key=ratios.__getitem__)

    assert result.matches == () and result.routine == ()
    assert result.near == (best, round(ratios[best], 3)) and 0 < ratios[best] < 1
    # a trailer that removes a competency takes it out of the running too
    removed = classify(item("OIDC Server", paths=work.paths, overrides=(f"-{best}",)),
                       rubric, roles=("author",))
    assert removed.near is not None and removed.near[0] != best
    # claimed work, routine upkeep and the rubric alone name none
    assert classify(item("Fix crash when the upload queue is empty", paths=("src/q.go",)),
                    rubric, roles=("author",)).near is None
    assert classify(item("Update the changelog", paths=("CHANGELOG.md",)),
                    rubric, roles=("author",)).near is None
    assert classify(work, load_rubric(classifier="rules"), roles=("author",)).near is None
    # a competency an explicit rule ruled out is not the nearest, though the model claimed
    # it: a docs-only change is no bug fix
    docs = item("fix: crash when the upload queue is empty", paths=("docs/a.md", "docs/b.md"))
    ruled_out = classify(docs, rubric, roles=("author",))
    judged_docs = {j.competency: j for j in model.judge(
        docs.title, docs.body, docs.paths, docs.labels,
        rules=default_rule_ids(docs, ("author",)))}
    assert judged_docs["product-stability"].shown
    assert "product-stability" not in ruled_out.competency_ids
    assert ruled_out.near is None or ruled_out.near[0] != "product-stability"
    # a rubric of the user's own: only its competencies, never one it does not have
    ladder = _value_ladder(tmp_path, """
        - id: never
          title: "zzz-never"
          weight: 2
    """)
    own = classify(work, ladder, roles=("author",))
    assert own.matches == () and own.near == ("customer-value", round(ratios["customer-value"], 3))


def test_classify_on_the_command_line_states_each_claims_confidence_or_none_for_rules() -> None:
    line = json.dumps({"title": "Fix crash when the upload queue is empty",
                       "paths": ["src/upload/queue.go"]}) + "\n"

    judged = CliRunner().invoke(cli, ["classify"], input=line)
    ruled = CliRunner().invoke(cli, ["classify", "--classifier", "rules"], input=line)

    assert judged.exit_code == 0, judged.output
    assert ruled.exit_code == 0, ruled.output
    (model_claim,) = json.loads(judged.output)["competencies"]
    (rule_claim,) = json.loads(ruled.output)["competencies"]
    assert list(model_claim) == ["id", "score", "confidence", "reasons"]
    assert model_claim["id"] == "product-stability"
    assert 0.5 <= model_claim["confidence"] <= 1.0
    assert model_claim["reasons"][0].startswith(f"model ({model_claim['confidence']:.2f}): ")
    assert rule_claim == {"id": "product-stability", "score": 2.0, "confidence": None,
                          "reasons": ["title matches 'Fix'"]}


def test_an_unknown_classifier_in_the_config_names_the_key(tmp_path: Path) -> None:
    config = tmp_path / "evidencer.yml"
    config.write_text("since: 90d\nclassifier: neural\n")

    with pytest.raises(ConfigError) as error:
        load_config(config)

    assert str(error.value) == f"{config}:2: classifier must be one of model, rules"


# --- explain ----------------------------------------------------------------------------------


def test_explain_shows_the_rules_and_the_models_evidence() -> None:
    work = item("Fix crash when the upload queue is empty", paths=("src/upload/queue.go",))

    text = explain_item(work, load_rubric(), ALICE)

    assert "  model: judges what labels, paths and trailers leave open" in text
    stability = text.split("Product Stability:")[1]
    assert stability.startswith(" score 2 (threshold 2), shows it (confidence 0.")
    assert "  + fix-title (+2): title matches 'Fix'" in stability
    assert "  model 0." in stability and "(claims from 0." in stability
    assert "words 'fix'" in stability or "words 'crash'" in stability
    assert "'the'" not in text  # stop words are no evidence to a reader


def test_explain_says_when_the_model_weighs_the_rules_words_below_its_cut() -> None:
    # tmux's "Add switch-mode a fast switcher with fuzzy searching" read "score 2 (threshold
    # 2), does not show it": a reviewer took the rule for the judge and the model's veto
    # for a bug
    work = item("Add switch-mode a fast switcher with fuzzy searching, bound to Tab",
                kind="commit", paths=("tmux.1", "mode-tree.c", "window-switch.c"))

    value = explain_item(work, load_rubric(), ALICE).split("Customer Value:")[1]

    assert value.startswith(" score 2 (threshold 2), does not show it: the rules' words reach "
                            "the threshold, but the model weighs them and stays below its cut\n")
    assert "  + feature-title (+2): title matches 'Add'" in value
    shown = explain_item(item("Add CSV export to the reports page"), load_rubric(), ALICE)
    assert "stays below its cut" not in shown


def test_explain_says_when_the_model_claims_what_the_rules_words_do_not_reach() -> None:
    # go-task/task's "feat: command timeouts" read "score 0 (threshold 2), shows it
    # (confidence 0.54)", which a reviewer took for a contradiction
    work = item("Properly close file handles on shutdown", kind="commit",
                paths=("src/app/worker.go",))

    stability = explain_item(work, load_rubric(), ALICE).split("Product Stability:")[1]

    assert stability.startswith(" score 0 (threshold 2), shows it (confidence 0.")
    assert stability.split("\n")[0].endswith(
        ": the rules' words stay below the threshold, and the model claims it")
    fix = explain_item(item("Fix crash when the queue is empty"), load_rubric(), ALICE)
    assert "the model claims it" not in fix


def test_explain_shows_a_score_and_its_cut_apart_however_close() -> None:
    # fzf's "Implement asynchronous transform actions" read "model 0.59 (claims from
    # 0.59)", then "does not show it".
    assert side_by_side(0.5931, 0.5936) == ("0.593", "0.594")
    assert side_by_side(0.59312, 0.59316) == ("0.5931", "0.5932")
    assert side_by_side(0.85, 0.5936) == ("0.85", "0.59")
    assert side_by_side(0.4, 0.4) == ("0.4000", "0.4000")


def test_explain_shows_the_score_that_decided_not_a_rounded_one() -> None:
    # curl's "netrc: refactor into smaller sub functions" was claimed at 0.462 against a
    # cut of 0.461, and explain said "model 0.460 (claims from 0.461)": the score it showed
    # had been rounded to 0.46 before it was compared.
    model = learned.model_for("model", "commit")
    assert model is not None
    for judgement in model.judge("Fix crash when the upload queue is empty", "",
                                 ("src/upload/queue.go",), (), kind="commit"):
        cut = model.thresholds[model.competencies.index(judgement.competency)]
        assert judgement.shown is (judgement.probability >= cut)
        assert judgement.probability != round(judgement.probability, 2)


def test_explain_says_when_the_model_is_off() -> None:
    work = item("Fix crash when the upload queue is empty")

    text = explain_item(work, load_rubric(classifier="rules"), ALICE)

    assert "  model: off (classifier: rules), the rubric alone decides" in text
    assert "claims from" not in text


def test_explain_says_which_routine_rules_keep_every_competency_off() -> None:
    work = item("Trailing whitespace in the parser", paths=("src/main.rs",))

    with_model = explain_item(work, load_rubric(), ALICE)
    rules_alone = explain_item(work, load_rubric(classifier="rules"), ALICE)

    # A word rule of the default rubric is a feature the model weighs, not a veto.
    assert "  words of routine upkeep: formatting or lint only (the model weighs them" in with_model
    assert "so no competency unless its author marks one" not in with_model
    assert ("  routine upkeep: formatting or lint only (so no competency unless its author "
            "marks one)") in rules_alone


def test_features_name_the_projects_own_tags_and_what_the_paths_are() -> None:
    names = features("BUG, TST: fix crash (#12)", "", ["numpy/tests/test_a.py",
                                                       "docs/pt/index.md"], ["00 - Bug"])

    assert {"tag:bug", "type:fix", "tag:tst", "type:test", "t:#ref"} <= set(names)
    assert {"any:tests", "any:i18n", "l:00 - bug", "lw:bug", "n:2-3"} <= set(names)
    assert "only:tests" not in names
    assert features("fix(io)!: x", "", [], []).count("type:fix") == 1


@pytest.mark.parametrize(("title", "lead"), [
    ("Add `--poll` option to `@tailwindcss/cli`", "add"),
    ("fix(io)!: add a missing null check", "add"),
    ("caddytls: Add sni_regexp matcher", "add"),
    ("[10.x] Add Str::chopStart", "add"),
    ("(2.14) [FIXED] Batch apply state data race", "batch"),
    ("\U0001f41b Fix release of the file lock", "fix"),
    ("BUG, TST: fix crash in loadtxt", "fix"),
    ("KTOR-9681 Update kotlinx-io to 0.9.1", "update"),
])
def test_the_word_that_opens_the_subject_after_its_prefixes_is_a_feature(
    title: str, lead: str,
) -> None:
    names = features(title, "", [], [])

    assert [n for n in names if n.startswith("lead:")] == [f"lead:{lead}"]
    assert learned.describe([f"lead:{lead}"]) == f"opens with '{lead}'"


def test_a_reverts_opening_word_is_not_the_reverted_changes() -> None:
    assert not [n for n in features('Revert "Add CSV export"', "", [], [])
                if n.startswith("lead:")]


@pytest.mark.parametrize(("title", "kind"), [
    # gethomepage/homepage spells its tags out: they are tags, not a scope
    ("Enhancement: support omada controller v6", "feat"),
    ("Improvement: better handle highlighting with units", "feat"),
    ("Feature: dockhand service widget", "feat"),
    ("Documentation: clarify backend port usage", "docs"),
    ("Fix: prevent omada race conditions", "fix"),
])
def test_a_tag_spelled_out_is_the_projects_own_tag(title: str, kind: str) -> None:
    assert f"type:{kind}" in features(title, "", [], [])
    assert "scoped" not in features(title, "", [], [])
    assert commit_types(title, load_rubric()) == (kind,)


DOCS_EDIT = "docs edit without a stated purpose"
TYPE_CHECKS = "type hints or type-checker fixes"
BADGES = "README badges, logos or pictures"
LINT = "formatting or lint only"
TYPO = "typo or wording fix"
LISTING = "a listing or redirect in the docs"
DOCSTRINGS = "docstrings in the code"
COMMENTS = "comments in the code"
MERGE = "branch merge"


@pytest.mark.parametrize(("title", "paths", "reason", "routine"), [
    ("Update README", ("README.md",), DOCS_EDIT, True),  # the web editor's subject
    ("Update docs", ("README.md",), DOCS_EDIT, True),
    ("Update README.md", ("README.md",), DOCS_EDIT, True),
    # filamentphp/filament: a bare "docs" was its maintainer's strongest Customer Empathy
    ("docs", ("packages/forms/docs/03-fields/13-builder.md",), DOCS_EDIT, True),
    ("Docs.", ("docs/index.md",), DOCS_EDIT, True),
    ("docs: explain why uploads fail behind a proxy", ("docs/upload.md",), DOCS_EDIT, False),
    ("Update README: --tmux -> --popup", ("README.md",), DOCS_EDIT, False),  # says what for
    ("Update docs for the new --popup option", ("README.md",), DOCS_EDIT, False),
    ("fix docs", ("README.md",), DOCS_EDIT, True),
    ("docs: tweak", ("README.md",), DOCS_EDIT, True),
    ("docs: minor fixes", ("README.md",), DOCS_EDIT, True),
    ("docs: tweak createSubscriber explanation", ("README.md",), DOCS_EDIT, False),
    ("Doc fix", ("doc/03-cli.md",), DOCS_EDIT, True),  # composer/composer
    ("Docs update", ("docs/api.rst",), DOCS_EDIT, True),
    ("Docs fixes for the new --locked flag", ("doc/03-cli.md",), DOCS_EDIT, False),
    ("docs: fix code snippets", ("README.md",), DOCS_EDIT, False),
    # The issue: "fix" on type hints or a spell checker's findings is not Product Stability.
    ("Fix for mypy errors", ("src/db.py",), TYPE_CHECKS, True),
    ("Minor fixes for pyright errors", ("src/db.py",), TYPE_CHECKS, True),
    ("Better type signatures for compound foreign key columns", ("src/db.py",), TYPE_CHECKS,
     True),
    ("codespell should check the package as well", ("src/db.py",), TYPE_CHECKS, True),
    ("Fix bug with mypy plugin and `no_strict_optional = True`", ("src/db.py",), TYPE_CHECKS,
     False),  # the plugin is the product
    # a compiler's findings, like a linter's (sharkdp/hyperfine's "Fix warnings")
    # curl/curl's docs commits
    ("docs: fixup wording nits", ("docs/libcurl/opts/CURLOPT_URL.md",), TYPO, True),
    ("docs: minor wording tweaks", ("docs/cmdline-opts/verbose.md",), TYPO, True),
    ("Improve awkward wording of Backing Up App", ("Library/cask/moved.rb",), TYPO, False),
    ("Fix warnings", ("src/main.rs",), LINT, True),
    ("fix(shell): fix deprecation warning", ("internal/shell/shell.go",), LINT, True),
    ("fix(goreleaser): fix a deprecation warning", ("internal/shell/shell.go",), LINT, True),
    ("Remove compilation warnings", ("src/plugin.rs",), LINT, True),
    # vapor/vapor: a compiler's warnings named by their source or kind
    ("Fix warnings from NIO 2.79.0", ("Sources/Vapor/Server.swift",), LINT, True),
    ("Fix warnings in 6.2", ("Sources/Vapor/Server.swift",), LINT, True),
    ("Fix Concurrency Warnings and Deprecations", ("Sources/Vapor/App.swift",), LINT, True),
    ("KTOR-9100 Fix warnings", ("ktor-io/src/Io.kt",), LINT, True),
    ("Fix warning on startup when no config is found", ("src/config.rs",), LINT, False),
    ("Drop Support for Swift 5.8", ("Package.swift",), "supported-version housekeeping",
     True),
    ("Remove Android 5 support", ("app/build.gradle",), "supported-version housekeeping",
     True),
    ("Support Swift 6", ("Package.swift",), "supported-version housekeeping", False),
    ("fix: Handle mypy 2.0 related failures", ("sentry_sdk/client.py",),
     "type hints or type-checker fixes", True),
    # curl: an old build tool's versions dropped, its strongest Customer Value
    ("cmake: drop support for CMake 3.17 and older", ("CMakeLists.txt",),
     "supported-version housekeeping", True),
    ("cmake: add support for CMake 4.0", ("CMakeLists.txt",),
     "supported-version housekeeping", False),
    # a new Python is Customer Value (docs/labelling.md); its classifier alone is upkeep
    ("Support Python 3.13", ("pyproject.toml", "uvicorn/loops/asyncio.py"),
     "supported-version housekeeping", False),
    ("Add support for Python 3.14", ("pyproject.toml",), "supported-version housekeeping",
     False),
    ("Add Python 3.13 classifier", ("pyproject.toml",), "supported-version housekeeping", True),
    ("Test Python 3.14", (".github/workflows/test.yml", "tox.ini"),
     "supported-version housekeeping", True),
    # a changelog entry by its words, beside the test it describes (python-attrs/attrs)
    ("Add news fragment for #1417", ("changelog.d/1417.change.md", "tests/test_hooks.py"),
     "release chore", True),
    ("docs: add changelog entry for the new --json flag", ("CHANGELOG.md", "src/cli.py"),
     "release chore", True),
    ("Add news feed to the dashboard", ("src/feed.py",), "release chore", False),
    # a release merged back (tokio-rs/tokio, prometheus, lazygit), a subtree (gohugoio/hugo)
    ("Merge 'tokio-1.52.4' into 'master'", ("tokio/CHANGELOG.md",), MERGE, True),
    ("Merge tokio-1.51.x (for #8101) into tokio-1.52.x", (".github/workflows/ci.yml",),
     MERGE, True),
    ("Merge release-2.48 back into main", ("VERSION",), MERGE, True),
    ("Merge v0.63.1 to master (#5820)", ("pkg/gui/gui.go",), MERGE, True),
    ("Merge commit 'af91eb1997ace34ef5eed0be31646e8483b78096'", ("docs/content/a.md",), MERGE,
     True),
    ("Merge favorite and common controls in home dashboard", ("src/panels/home.ts",), MERGE,
     False),
    ("Merge preserving keys only one level deep", ("src/Arr.php",), MERGE, False),
    # what types say, not what they do (vitejs/vite, Textualize/rich, laravel, jellyfin)
    ("fix(types): expose additional PluginContext types", ("packages/vite/types/a.d.ts",),
     TYPE_CHECKS, True),
    ("fix(logging): fix tracebacks_code_width type hint", ("rich/logging.py",), TYPE_CHECKS,
     True),
    ("Fix `DumpCommand` return type.", ("src/Illuminate/Dump.php",), TYPE_CHECKS, True),
    ("Fix Nullability for INetworkManager.GetBindAddress", ("src/Net/INetworkManager.cs",),
     TYPE_CHECKS, True),
    ("Fix transcript type not getting updated", ("app/src/Transcript.java",), TYPE_CHECKS,
     False),
    ("Fix UTF-8 BOM file type detection", ("src/syntax_mapping.rs",), TYPE_CHECKS, False),
    # a spelling fix tagged fix is still one; a language's grammar is the product
    ("fix: correct 12 spelling errors across codebase", ("src/a.js",), TYPO, True),
    ("Fix grammar in the README", ("README.md",), TYPO, True),
    ("just: bump grammar support to handle module path", ("runtime/queries/just.scm",),
     TYPO, False),
    # casey/just, laravel: messages put in another case or punctuated otherwise are style
    ("Make error messages lowercase", ("src/error.rs",), TYPO, True),
    ("Remove periods from error messages", ("src/error.rs",), TYPO, True),
    ("[13.x] Update verification email subject capitalization", ("src/Notify.php",), TYPO,
     True),
    ("feat: add uppercase file extensions for Fortran", ("languages.toml",), TYPO, False),
    # python-poetry: a typo fixed beside another change is not all the change is
    ("fix: assign str.replace result and fix refs/head typo", ("src/poetry/vcs/git.py",),
     TYPO, False),
    ("Fix typos and grammar in the CLI docs", ("docs/cli.md",), TYPO, True),
    # fastapi/typer: suggestions for a typo are a feature
    ("Enable command suggestions on typo by default", ("typer/core.py",), TYPO, False),
    # encode/starlette, vercel/swr: a release by its bare version, a pre-release
    ("Version 0.47.3", ("starlette/__init__.py", "docs/release-notes.md"), "release chore",
     True),
    ("2.5.0-beta.1", ("package.json",), "release chore", True),
    ("Version 2.0 of the importer", ("src/importer.py",), "release chore", False),
    # composer/composer: requirements bumped; a lock file updated for the bug it fixes
    ("Bump symfony requirements", ("composer.json",), "dependency or tool bump", True),
    ("Update dependencies", ("composer.lock",), "dependency lock file update", True),
    ("Update symfony/process to fix #12726", ("composer.lock",),
     "dependency lock file update", False),
    # a type checker's build and baseline
    ("Fix phpstan build", ("src/Composer/Util/Http.php",), TYPE_CHECKS, True),
    # apache/commons-lang, gohugoio/hugo: doc comments and a fixer run by its flag
    ("Fix malformed Javadoc comments", ("src/main/java/org/apache/commons/lang3/A.java",),
     "docstrings in the code", True),
    ("Javadoc: Fix double the", ("src/main/java/org/apache/commons/lang3/A.java",),
     "docstrings in the code", True),
    ("Fix Javadoc examples that confused users", ("src/main/java/A.java",),
     "docstrings in the code", False),
    ("Document safer deserialization option in Javadoc for SerializationUtils",
     ("src/main/java/org/apache/commons/lang3/SerializationUtils.java",),
     "docstrings in the code", False),
    # casey/just: a justfile's doc comments are the product's
    ("Don't use shebangs as doc comments", ("src/parser.rs",), "docstrings in the code", False),
    ("all: Run modernize -fix ./...", ("hugolib/site.go", "tpl/tplimpl/template.go"),
     "formatting or lint only", True),
    ("Run the migrations when --fix is given", ("cmd/migrate.go",),
     "formatting or lint only", False),
    ("Update phpstan baseline", ("phpstan/baseline.neon",), TYPE_CHECKS, True),
    # pictures alone are upkeep, unless one was wrong or missing
    ("Add Subble image", ("assets/subble.webp",), "README badges, logos or pictures", True),
    ("Fix broken favicon", ("public/favicon.ico",), "README badges, logos or pictures",
     False),
    # comments in the code, not the product's comments
    ("PromQL engine: Fix comment regarding non-nil histogram pointer",
     ("promql/engine.go",), COMMENTS, True),
    ("Comments: fix some function names", ("tsdb/head.go",), COMMENTS, True),
    ("Fix duplicated words in internal schema comments", ("pydantic/_internal/s.py",),
     COMMENTS, True),
    ("Add comments on when to use which `TypeVar`", ("xarray/core/types.py",), COMMENTS,
     True),
    ("fix: don't show comment marks for other users' drafts", ("app/editor/marks.ts",),
     COMMENTS, False),
    ("Add inline resolve action on comment threads", ("app/comments/Thread.tsx",), COMMENTS,
     False),
    # junegunn/fzf: a comment called wrong is still a comment in the code
    ("Fix misleading comment on printHeader nil-window guard", ("src/terminal.go",),
     COMMENTS, True),
    ("Clarify implementation with comment", ("src/main/java/A.java",), COMMENTS, True),
    ("Add comment injection for openscad", ("runtime/queries/openscad.scm",), COMMENTS,
     False),
    # pypa/pip, sharkdp/fd, nushell: docs edits without a purpose, a word, rustdoc's findings
    ("Minor docs improvements", ("docs/html/topics/a.md",), DOCS_EDIT, True),
    ("Doc better", ("README.md",), DOCS_EDIT, True),
    ("Add missing word to installation-error message", ("src/pip/_internal/exceptions.py",),
     TYPO, True),
    ("doc: fix `cargo doc` warnings", ("crates/nu-protocol/src/lib.rs",), LINT, True),
    # pytest-dev/pytest's docstrings; pydata/xarray's clarified one is for users
    ("Add class docstring to NodeMeta", ("src/_pytest/nodes.py",), DOCSTRINGS, True),
    ("docs(cacheprovider): add missing docstrings", ("src/_pytest/cacheprovider.py",),
     DOCSTRINGS, True),
    ("DOC: Clarify docstring of `Dataset.load`", ("xarray/core/dataset.py",), DOCSTRINGS,
     False),
    # jekyll/jekyll and umami: a third party listed in the docs; pypa/pip: redirects
    ("Add Azion to the 3rd party deployment docs", ("docs/_docs/deployment/third-party.md",),
     LISTING, True),
    ("add MariaDB to README", ("README.md",), LISTING, True),
    ("Add redirects for the build-system docs pages", ("docs/html/conf.py",), LISTING, True),
    ("Add install note to rootless docs", ("site/content/docs/user/rootless.md",), LISTING,
     False),
    ("Add FreeBSD instructions to the installation guide", ("docs/install.md",), LISTING,
     False),
    ("Add Azion to the deployment providers list", ("src/providers.ts",), LISTING, False),
    ("Add troubleshooting to the FAQ page", ("docs/faq.md",), LISTING, False),
    # home-assistant/frontend's 771 release commits; gohugoio/hugo's development versions
    ("Bumped version to 20250924.0", ("pyproject.toml",), "release chore", True),
    ("bumping master version to v0.15-DEV", ("hugo.go",), "release chore", True),
    # derailed/k9s: a release named by its version, abbreviated or after a bracketed mark
    ("Rel v0.50.17", ("internal/config/version.go",), "release chore", True),
    ("[hot-fix] Release v0.50.15", ("README.md",), "release chore", True),
    ("Relative paths for v0.50 configs", ("internal/config/paths.go",), "release chore",
     False),
    # jhy/jsoup: Maven's release plugin
    ("[maven-release-plugin] prepare release jsoup-1.23.1", ("pom.xml",), "release chore",
     True),
    # libuv/libuv: the version a release opens next ("Fixes:" its own tracking issue)
    ("Now working on version 1.34.1", ("include/uv/version.h",), "release chore", True),
    ("Working on v22.1.1", ("src/node_version.h",), "release chore", True),
    ("Keep working on the v2 parser", ("src/parser.c",), "release chore", False),
    ("Bumped Sabnzbd default history request size from 30 to 60",
     ("src/Sabnzbd/Settings.cs",), "release chore", False),
    # rendering is markup upkeep when fixed, not when it is a design document's topic
    # vitejs/vite: URLs as the topic of the docs, not a link fixed
    ("docs: clarify that rebasing `url()` references starting with a variable is not "
     "supported", ("docs/guide/features.md",), "docs link or markup fix", False),
    ("docs: fix links", ("docs/guide/features.md",), "docs link or markup fix", True),
    ("docs: fix rendering of the changelog", ("docs/changelog.md",),
     "docs link or markup fix", True),
    ("docs: add RFC for rendering inline images in plain-text messages",
     ("docs/architecture/rfcs/0003-render-inline-images.md",), "docs link or markup fix",
     False),
    ("Remove Go 1.20 workaround", ("go.mod",), "supported-version housekeeping", False),
    ("Fix warnings shown for valid config files", ("src/config.rs",), LINT, False),
    ("Add Linux Foundation Health Score badge to README", ("README.rst",), BADGES, True),
    ("docs: add Backport Pull Requests workflow badge", ("README.md",), BADGES, True),
    ("Add discord badge", ("docs/index.md",), BADGES, True),  # encode/uvicorn's docs home
    ("Try fitting 4 logos per line on PyPI", ("README.md", "docs/index.md"), BADGES, True),
    # tldr-pages/tldr: translations by their words, wherever they live; a style guide
    ("g*: add Finnish alias translations", ("pages.fi/common/gcc.md",),
     "translation update", True),
    ("Translations update from Hosted Weblate", ("app/i18n/strings.json",),
     "translation update", True),
    ("feat(i18n): add Marathi as a new language, with its translations",
     ("app/i18n/mr.json",), "translation update", False),
    ("*: adhere to the style guide", ("pages/common/qm.md",), LINT, True),
    # a badge users see in the product is not the README's
    ("Update bottom navigation inbox badge when inbox changes", ("app/MainActivity.java",),
     BADGES, False),
    # filamentphp/filament: PHP's checkers and coding-standards passes; its docs of the
    # product's Markdown editor are not a markup fix
    ("Fix PHPStan issue", ("packages/panels/src/Navigation/NavigationManager.php",
                           "composer.lock"), TYPE_CHECKS, True),
    ("cs", ("packages/forms/src/Components/Select.php",), LINT, True),
    ("Apply Pint changes", ("src/Support.php",), LINT, True),
    ("Add security notes to rich/markdown editors",
     ("packages/forms/docs/03-fields/10-rich-editor.md",), "docs link or markup fix", False),
    ("docs: fix markdown tables", ("docs/guide.md",), "docs link or markup fix", True),
    # TeamNewPipe/NewPipe: Weblate's subject, a hotfix release and the store's changelogs
    ("Translated using Weblate (Turkish)", ("app/src/main/res/values-tr/strings.xml",
                                           "fastlane/metadata/android/tr/short_description.txt"),
     "translation update", True),
    ("chore: translated with Weblate (German)", ("web/src/locales/de.json",),
     "translation update", True),
    ("Hotfix release v0.28.2 (1007)", ("app/build.gradle.kts",), "release chore", True),
    ("Hotfix release of the uploader for large files", ("src/upload.py",), "release chore",
     False),
    # nextcloud/news-android: a version arrow, a build tool named alone
    ("AGP Update (8.13.2 -> 9.1.0)", ("gradle/libs.versions.toml",), "dependency or tool bump",
     True),
    ("update gradle", ("gradle/wrapper/gradle-wrapper.properties",), "dependency or tool bump",
     True),
    ("Update the export to stream rows (3 -> 1 pass)", ("src/export.py",),
     "dependency or tool bump", False),
    # AdGuardHome: the toolchain and the tools by name, under Bitbucket's "Pull request N:";
    # glance: the toolchain and the images
    ("Pull request 2471: Update Go & tools", ("go.mod", "go.sum", "Makefile"),
     "dependency or tool bump", True),
    ("Pull request 2580: upd-all", ("go.mod", "client/package-lock.json"),
     "dependency or tool bump", True),
    ("Bump go & container versions", ("Dockerfile", "go.mod"), "dependency or tool bump", True),
    ("Bump go and alpine versions", ("Dockerfile", "go.mod"), "dependency or tool bump", True),
    ("Update Rust, Crates, GHA and fix a DNS issue", ("Cargo.toml", "src/http_client.rs"),
     "dependency or tool bump", False),
    ("Update docker images to fix the crash on arm64", ("Dockerfile",),
     "dependency or tool bump", False),
    ("Update the Go client examples", ("docs/go.md",), "dependency or tool bump", False),
    # ... only where a file that pins them changes: the product's own containers, tools
    # and actions named so are no bump
    ("fix: update containers", ("internal/docker/containers.go",), "dependency or tool bump",
     False),
    ("Update tools", ("src/agent/tools/search.ts",), "dependency or tool bump", False),
    ("fix: update actions (#4411)", ("app/actions/board.ts",), "dependency or tool bump",
     False),
    # ShareX/ShareX titles a dozen commits so; every form of the verb is a refactor
    ("Code refactoring", ("ShareX/Forms/MainForm.cs",), "pure refactor", True),
    ("Refactored the upload queue", ("ShareX/Upload/Queue.cs",), "pure refactor", True),
    ("Simplified settings loading", ("ShareX/Settings.cs",), "pure refactor", True),
    # the code's or a tool's "cleanup(s)", nothing more (rq's typing pass); not a product's
    ("Pyright cleanups", ("rq/job.py", "rq/worker.py"), "pure refactor", True),
    ("gemfile cleanup", ("Gemfile", "Gemfile.lock"), "pure refactor", True),
    ("Orphaned volume cleanup", ("pkg/volumes/gc.go",), "pure refactor", False),
    ("Session cleanup on logout", ("app/session.py",), "pure refactor", False),
    ("Fix memory leak in cleanup", ("src/pool.rs",), "pure refactor", False),
    ("Moving to a faster upload queue", ("ShareX/Upload/Queue.cs",), "pure refactor", False),
    # sebastianbergmann/phpunit: code extracted into a method or a class; not the CSS
    # classes a product extracts (tailwindcss)
    ("Extract runTests() template method from TestSuite::run()", ("src/Framework/TestSuite.php",),
     "pure refactor", True),
    ("Extract class", ("src/Runner/Filter.php",), "pure refactor", True),
    ("Extract classes from interpolated expressions in Ruby",
     ("crates/oxide/src/extractor/ruby.rs",), "pure refactor", False),
    # restic/restic: a refactor after its scope, code decoupled, a tool's rewrite of the code
    ("mount: refactor mountpoint validation", ("internal/fuse/mount.go",), "pure refactor",
     True),
    ("restic: introduce Counter interface to decouple from ui/progress",
     ("internal/restic/counter.go",), "pure refactor", True),
    ("Feature: Move tab to cursor position when creating new window",
     ("src/Files.App/Tabs.cs",), "pure refactor", False),  # files-community/Files
    ("fix(ui): simplify the progress bar that hid errors", ("internal/ui/progress.go",),
     "pure refactor", False),
    ("Run `go fix ./...`", ("internal/fs/file.go", "cmd/restic/main.go"), LINT, True),
    ("cargo fix --edition", ("src/main.rs",), LINT, True),
    # rxhanson/Rectangle: credits in the README were its strongest Customer Empathy
    ("Update README.md with credits", ("README.md",), CREDITS, True),
    ("Add acknowledgements for the icon", ("CREDITS.md",), CREDITS, True),
    ("Add a credits screen to the about dialog", ("app/AboutDialog.kt",), CREDITS, False),
    # A gitmoji is the project's tag, as "chore:" is (fastapi/typer titles every commit so)
    ("\u2796 Drop support for Python 3.9", ("pyproject.toml", "typer/main.py"),
     "supported-version housekeeping", True),
    (":heavy_minus_sign: Drop support for Python 3.8", ("pyproject.toml",),
     "supported-version housekeeping", True),
    ("\U0001f516 Release version 0.27.1", ("typer/__init__.py",), "release chore", True),
    ("\u2b06\ufe0f Bump ruff from 0.4.1 to 0.5.0", ("requirements-tests.txt",),
     "dependency or tool bump", True),
    ("\U0001f41b Fix release of the file lock on exit", ("typer/main.py",), "release chore",
     False),
    # caddyserver/caddy, jesseduffield/lazygit: the test suite fixed, whatever else it touches,
    # unless the failure is the product's (pytest's asserts) or the tests are its feature
    ("admin: Fix tests locally, properly isolate storage", ("admin.go", "admin_test.go"),
     "test-suite upkeep", True),
    ("Fix a few flaky tests", ("pkg/gui/view.go", "pkg/integration/tests/drag.go"),
     "test-suite upkeep", True),
    ("Fix test discovery in namespace packages", ("src/_pytest/python.py",),
     "test-suite upkeep", False),
    ("assertion/rewrite: fix test crash on assert failure", ("src/_pytest/rewrite.py",),
     "test-suite upkeep", False),
    ("dep: upgrade cel-go", ("go.mod", "go.sum"), "dependency or tool bump", True),
    ("Update man page: clarify inline list-border shape requirements", ("man/man1/fzf.1",),
     "dependency or tool bump", False),
    ("Update test requirements", ("requirements/test.txt", "tox.ini"),
     "dependency or tool bump", True),
    # a lint pass named as such; not a linter that is the product (helm lint, rubocop's cops)
    ("Fix js lint", ("js/bundle.go", "js/console.go"), LINT, True),
    ("Fix up some lints on Windows", ("src/config.rs",), LINT, True),
    ("fix(internal): errorlint linter", ("internal/fs/fs.go",), LINT, True),
    ("Code Quality: Fix CA1854", ("src/Files.App/Utils/Enumerator.cs",), LINT, True),
    ("Apply clippy fixes", ("src/printer.rs",), LINT, True),
    # a code formatter run by name (gohugoio/hugo's templates); not a format setting applied
    ("tpl: Run gotmplfmt -w .", ("tpl/tplimpl/embedded/templates/alias.html",), LINT, True),
    ("Apply shfmt to bash script files", ("shell/completion.bash",), LINT, True),
    ("Run terraform fmt", ("main.tf",), LINT, True),
    ("rulefmt: fix crash on empty groups", ("model/rulefmt/rulefmt.go",), LINT, False),
    ("Apply datefmt from the config to the file log handler", ("app/logging.py",), LINT,
     False),
    ("Use fmt.Sprintf for the error", ("cmd/main.go",), LINT, False),
    # flaky tests, unless the flake was the product's
    ("fix: Flaky groups test", ("server/routes/api/groups/groups.test.ts", ".jestconfig.json"),
     TESTS, True),
    ("chore: deflake TestRecvOnlyRevertNeeds", ("lib/model/model.go",), TESTS, True),
    ("Fix flaky crash when the connection pool shrinks", ("src/pool.rs",), TESTS, False),
    ("Clean up Nix Flake", ("flake.nix",), TESTS, False),
    ("Fix running integration tests in december", ("app/src/main/java/EchoSection.java",),
     TESTS, True),
    # a subject that is tests added for coverage (apache/commons-lang's, a test and a
    # changelog line, were claimed as fixes), unless they guard a named failure, the
    # coverage is a coverage tool's own feature, or the tests come with a feature
    ("Improve branch coverage for Processor (isAarch64, isRISCV)",
     ("src/test/java/ProcessorTest.java", "src/changes/changes.xml"), TESTS, True),
    ("Add more tests for better coverage", ("src/app.py", "tests/test_app.py"), TESTS, True),
    ("Add test coverage for the crash on empty input", ("tests/test_parse.py",), TESTS,
     False),
    ("Add test coverage for the race in connection pool shutdown",
     ("src/pool.rs", "tests/pool.rs"), TESTS, False),
    ("Add test coverage for the regression in #1596", ("src/test/java/DurationTest.java",),
     TESTS, False),
    ("Retry uploads with exponential backoff and add test coverage",
     ("src/upload.py", "tests/test_upload.py"), TESTS, False),
    ("Add branch coverage support for match statements", ("coverage/parser.py",), TESTS,
     False),
    ("Improve line coverage accuracy for decorated functions", ("coverage/parser.py",),
     TESTS, False),
    ("feat(coverage): add coverage for vue files", ("packages/coverage/src/provider.ts",),
     TESTS, False),
    ("Add coverage report in HTML", ("coverage/html.py",), TESTS, False),
    # coverage of anything but the code by tests is no test-suite upkeep
    ("Increase API coverage", ("github/Repository.py", "tests/test_repository.py"), TESTS,
     False),
    ("Expand emoji coverage", ("src/emoji/table.rs",), TESTS, False),
    ("Self-test: fix test_doctest_unexpected_exception in Python 3.14",
     ("changelog/13547.contrib.rst", "testing/test_doctest.py"), TESTS, True),
    # strings reworded, a merge conflict left behind, a type checker's checks
    ("small string fixes", ("xarray/core/dataset.py",), "typo or wording fix", True),
    ("fix(strings): differentiate setup(n) and set(v) up", ("gui/default/index.html",),
     "typo or wording fix", True),
    ("Fix crash when formatting strings", ("src/format.rs",), "typo or wording fix", False),
    ("Fix unresolved merge conflict in Concurrency composer.json",
     ("src/Illuminate/Concurrency/composer.json",), MERGE, True),
    ("\U0001f6a8 Fix typing checks for APIRoute", ("fastapi/routing.py",), TYPE_CHECKS, True),
    # the project's own images, site and packages built and published
    ("fix haproxy build", ("images/haproxy/Dockerfile",), BUILD, True),
    ("add nftables to the base image", ("images/base/Dockerfile",), BUILD, False),
    ("Fix the build of the Docker image for users on arm64", ("Dockerfile",), BUILD, False),
    ("Fix `pydantic-core` publish job", (".github/workflows/ci.yml", "HISTORY.md"),
     "CI plumbing", True),
    ("Fix website publishing", ("build-logic/publish.gradle.kts", "deploy_website.sh"),
     "CI plumbing", True),
    ("chore: add CVE scanning to the release", ("scripts/release.sh",),
     "chore, CI or style commit", True),
    ("chore: patch axios CVEs and bump related dependencies", ("package.json",),
     "chore, CI or style commit", False),
    # fluent/fluentd, files-community/Files: an optimisation called minor, a bot's images
    ("Minor performance improvements", ("lib/fluent/plugin/buffer.rb",),
     "a minor optimisation", True),
    ("[ImgBot] Optimize images", ("src/Files.App/Assets/logo.png",), "a minor optimisation",
     True),
    ("Small performance tweak cuts startup by 30%", ("src/startup.py",),
     "a minor optimisation", False),
    # withastro/starlight: the i18n type scoped by a language is a translation synced
    ("i18n(ko-KR): update `plugins` and `themes`", ("docs/ko/plugins.md",),
     "translation update", True),
    ("i18n: support right-to-left languages", ("src/i18n/direction.ts",),
     "translation update", False),
    # ... and a version a message names is no bump
    ("fix: update the version mentioned in `autogenerate` error message",
     ("packages/starlight/utils/error.ts",), "dependency or tool bump", False),
    ("Update the version of ruff", ("pyproject.toml",), "dependency or tool bump", True),
    # apache/commons-lang, python-poetry/poetry: style and compiler trivia named bare; not
    # the product's indentation or the warnings users see
    ("Fix indentation", ("src/main/java/org/apache/commons/lang3/StringUtils.java",),
     "formatting or lint only", True),
    ("Fix generics warnings", ("src/test/java/org/apache/commons/lang3/DiffTest.java",
                               "pom.xml"), "formatting or lint only", True),
    ("Fix unchecked warnings in ArrayUtils", ("src/main/java/ArrayUtils.java",),
     "formatting or lint only", True),
    ("Fix indentation of wrapped help text", ("src/help.rs",), "formatting or lint only",
     False),
    ("Fix missing warnings for deprecated options", ("src/config.py",),
     "formatting or lint only", False),
    # rubygems: deprecated calls replaced are upkeep; a deprecation warning users did not
    # get is not
    ("fix: avoid using deprecated `output.inlineDynamicImport` option",
     ("packages/vite/src/node/build.ts",), "deprecated API usage replaced", True),
    ("Fix `bundle cache --no-all` not printing a deprecation warning",
     ("bundler/lib/bundler/cli/cache.rb",), "deprecated API usage replaced", False),
    ("fix mis-named variable (#10872)", ("src/poetry/installation/executor.py",),
     "pure refactor", True),
    ("Fix misnamed dataclass in the exporter", ("src/export.py",), "pure refactor", False),
    # BurntSushi/ripgrep: a whole docs file deleted is cleanup; a wrong note taken out of a
    # page is users' docs set right
    ("index: remove incorrect README", ("crates/index/README.md",), "docs cleanup", True),
    ("docs(c, cpp): remove incorrect note about default `format` string",
     ("docs/config/c.md",), "docs cleanup", False),
    # dandavison/delta: the manual's copy of --help regenerated; not the help text itself
    ("Update --help output", ("manual/src/full---help-output.md",), "docs generation", True),
    ("Update --help output to avoid confusion", ("src/options.go",), "docs generation",
     False),
    # junegunn/fzf: a comment added to the code, opening with the verb
    ("Comment why floating pane requires TMUX_PANE", ("src/tmux.go",),
     "comments in the code", True),
    ("Comment on pull requests with the results", ("src/github.ts",),
     "comments in the code", False),
    # gohugoio/hugo: its command tests (txtar scripts in testscripts/) are tests alone
    ("testscripts: Add and improve commands tests for static mounts",
     ("testscripts/commands/hugo__static_mounts.txt",), "test-suite upkeep", True),
    # curl: a style checker's new check, its fallout fixed: its author's strongest Product
    # Stability; not a product that checks its users' lines
    ("spacecheck: check long lines and repeat spaces, fix fallouts",
     ("scripts/spacecheck.pl", "lib/url.c"), "formatting or lint only", True),
    ("Check long lines in Python files (E501)", ("crates/linter/src/rules/e501.rs",),
     "formatting or lint only", False),
    # curl: docs' long lines folded are formatting, not docs for users
    ("docs: fold long lines", ("docs/cmdline-opts/cert.md",), "formatting or lint only", True),
    ("Wrap long lines in the pager", ("src/pager.c",), "formatting or lint only", False),
    # bevy: the code named and called a refactor; not a feature that refactors too
    ("Scene transition refactor for the testbed examples", ("examples/testbed/ui.rs",),
     "pure refactor", True),
    ("feat: add true userless login and refactor Login page", ("app/Login.php",),
     "pure refactor", False),
    # tailscale: its test runner, svelte: its benchmark runner
    ('cmd/testwrapper: show "(cached)" for packages that hit the cache',
     ("cmd/testwrapper/testwrapper.go",), "test-suite upkeep", True),
    # curl, libuv: a compiler's warnings by their flag, a lint pass's fallout, a linter's
    # scope; not a fix that names a flag users pass
    ("build: enable `-Wformat-signedness`, fix issues found", ("lib/url.c", "CMakeLists.txt"),
     "formatting or lint only", True),
    ("win: fix -Wcast-function-type warnings in winapi.c", ("src/win/winapi.c",),
     "formatting or lint only", True),
    ("clang-tidy: enable `readability-math-missing-parentheses`, adjust code",
     ("lib/url.c",), "formatting or lint only", True),
    ("badwords: add more contractions, fix fallouts", ("scripts/badwords.pl", "docs/a.md"),
     "formatting or lint only", True),
    ("Fix the crash when --verbose is given twice", ("src/main.c",),
     "formatting or lint only", False),
    # libuv: cross-links in the docs named consistently (its author's Customer Empathy)
    ("doc: name function crosslinks consistently", ("docs/src/fs.rst",),
     "docs link or markup fix", True),
    # rubocop-rails, undici, ktor, retrofit: release chores by their words
    ("Cut 2.37.0", ("lib/rubocop/rails/version.rb", "CHANGELOG.md"), "release chore", True),
    # mperham/sidekiq: a release's chores listed bare
    ("bump, release", ("Changes.md", "lib/sidekiq/version.rb"), "release chore", True),
    ("Bump the retry limit, release the lock on exit", ("lib/sidekiq/fetch.rb",),
     "release chore", False),
    # agronholm/anyio, sqlalchemy/alembic: a release's version set, by their words
    ("Bumped up the version", ("docs/versionhistory.rst",), "release chore", True),
    ("- 1.19.1", ("docs/build/changelog.rst", "docs/build/conf.py"), "release chore", True),
    ("Version 1.19.2 placeholder", ("alembic/__init__.py", "docs/build/changelog.rst"),
     "release chore", True),
    ("Bumped up the retry limit", ("src/anyio/retry.py",), "release chore", False),
    ("- fix the parser", ("src/parser.py",), "release chore", False),
    # sveltejs/svelte, withastro/astro: changesets' release pull request
    ("Version Packages (#18640)", ("packages/svelte/CHANGELOG.md",
     "packages/svelte/package.json", ".changeset/tidy-ravens-assign.md"), "release chore",
     True),
    ("Version packages by their workspace in the publish step", ("scripts/publish.js",),
     "release chore", False),
    # wagtail: tests completed for a named piece of code, with a line or two of it
    ("Complete tests for AutosaveController", (
        "client/src/controllers/AutosaveController.test.js",
        "client/src/controllers/AutosaveController.ts"), "test-suite upkeep", True),
    ("Complete the export of invoices", ("src/export.py",), "test-suite upkeep", False),
    # wagtail: lint rules by their own names, the typing of a named function
    ("Enable import-x/order with alphabetical ordering",
     ("eslint.config.mjs", "client/src/a.ts"), "formatting or lint only", True),
    ("Fix no-unused-vars", ("client/src/a.ts",), "formatting or lint only", True),
    ("Fix prefer-for-of", ("client/src/a.ts",), "formatting or lint only", True),
    ("Enable jsx-a11y/alt-text", ("client/src/a.tsx",), "formatting or lint only", False),
    ("Fix no-cache header handling", ("src/http.py",), "formatting or lint only", False),
    ("Fix import/export of user settings", ("src/settings.ts",), "formatting or lint only",
     False),
    ("Enable prefer-frozen-lockfile by default", ("src/config.ts",),
     "formatting or lint only", False),
    ("Apply no-referrer-when-downgrade referrer policy", ("src/http.ts",),
     "formatting or lint only", False),
    ("Fix react/react-dom version mismatch in the playground", ("playground/a.ts",),
     "formatting or lint only", False),
    ("chore: fix eslint no-explicit-any in the parser", ("src/parser.ts",),
     "formatting or lint only", True),
    ("Fix typing for debounce()", ("client/src/utils/debounce.ts",),
     "type hints or type-checker fixes", True),
    ("Fix typing in the search box", ("client/src/search.ts",),
     "type hints or type-checker fixes", False),
    ("Fix typing for contentEditable", ("src/input.ts",), "type hints or type-checker fixes",
     False),
    ("Add django-stubs and PageManager type shim", ("wagtail/models/pages.py", "pyproject.toml"),
     "type hints or type-checker fixes", True),
    # fastify/fastify: a comment named by the code it is on; a product's comments are not
    ("docs: correct return503OnClosing comment in route.js", ("lib/route.js",),
     "comments in the code", True),
    ("Fix the `parse_args` comment in cli.py", ("src/cli.py",), "comments in the code", True),
    ("fix reply comment", ("src/comments/reply.ts",), "comments in the code", False),
    ("Fix threadId comments in notifications", ("src/n.ts",), "comments in the code", False),
    ("Fix pull_request comment on forked repositories", ("src/bot.ts",),
     "comments in the code", False),
    # fastify/fastify's pre-releases
    ("Bumped v6.0.0-alpha.2", ("package.json", "fastify.js"), "release chore", True),
    ("Bumped v6.0.0-preview.1", ("package.json", "fastify.js"), "release chore", True),
    ("Bumped v6.0.0 with the new router", ("package.json", "fastify.js"), "release chore",
     False),
    ("Bumped v7.24.1", ("package.json",), "release chore", True),
    ("Version 3.2.0-SNAPSHOT", ("gradle.properties",), "release chore", True),
    ("Prepare next development version", ("gradle.properties",), "release chore", True),
    ("Reset the docs version", ("docs/antora.yml",), "release chore", True),
    ("Cut the cake into slices in the demo", ("examples/cake.rb",), "release chore", False),
    # undici, starlette: a runtime or Python added to the CI matrix or pipeline
    ("Add Node 26 to the matrix", (".github/workflows/test.yml",), "CI plumbing", True),
    ("Include Python 3.14 to the pipeline", (".github/workflows/main.yml",), "CI plumbing",
     True),
    # curl: a CI service named as the scope
    ("GHA/linux: split valgrind jobs to job-pairs for speed", (".github/workflows/linux.yml",
                                                              "tests/valgrind.supp"),
     "CI plumbing", True),
    ("appveyor: add support for using custom CMake versions", ("appveyor.sh", "CMakeLists.txt"),
     "CI plumbing", True),
    # python/mypy: CI added for a mode of the product
    ("Add Windows CI for parallel checking", (".github/workflows/test.yml", "mypy/build.py"),
     "CI plumbing", True),
    # ktorio/ktor: its test server and client test modules, its top highlight
    ("KTOR-9090 ktor-test-server: Support HTTP/2",
     ("ktor-test-server/src/main/kotlin/test/server/Server.kt",
      "ktor-client/ktor-client-tests/common/test/Http2Test.kt"), "test-suite upkeep", True),
    # python/mypy's test data; bevy's test scenes
    ("Fix another test with unstable error order in parallel mode",
     ("test-data/unit/check-classes.test",), "test-suite upkeep", True),
    ("Add coloured text to the ui testbed example's text module",
     ("examples/testbed/ui.rs",), "test-suite upkeep", True),
    # sveltejs/svelte: the dependencies code tracks at run time are no package's
    ("fix: `{#await await ...}` and async dependencies fixes",
     ("packages/svelte/src/internal/client/reactivity/async.js",),
     "dependency or tool bump", False),
    ("fix: dependency conflicts in the lock file", ("package-lock.json", "package.json"),
     "dependency or tool bump", True),
    # Textualize/rich: whitespace the product handles is no formatting of the code
    ("fix: set Root start/end to null when fragment contains only whitespace",
     ("packages/svelte/src/compiler/phases/1-parse/index.js",), "formatting or lint only",
     False),
    ("Remove trailing whitespace", ("src/a.py",), "formatting or lint only", True),
    # git/git: its test scripts in t/ are tests alone; its CI scripts in ci/ are CI
    ("t9300: work around partial read bug in Dash v0.5.13", ("t/t9300-fast-import.sh",),
     "test-suite upkeep", True),
    ("gitlab-ci: migrate Windows builds away from Chocolatey",
     (".gitlab-ci.yml", "ci/install-dependencies.ps1"), "CI plumbing only", True),
    # git/git: its guides for contributors are contributor docs
    ("MyFirstContribution: recommend the use of b4",
     ("Documentation/MyFirstContribution.adoc", "Documentation/SubmittingPatches"),
     "contributor docs only", True),
    ("CodingGuidelines: document our style for flags", ("Documentation/CodingGuidelines",),
     "contributor docs only", True),
    # gohugoio/hugo: a docs subtree pulled in by git subtree
    ("Squashed 'docs/' changes from e17426e2b6..c85af679bf", ("docs/content/en/a.md",),
     "a subtree synced from its repository", True),
    # apache/maven: licence headers added across the sources; its CI-friendly versions
    ("Add Apache license headers to address ATR concerns (#12613)",
     ("impl/maven-core/src/main/java/A.java",), "licence headers or copyright notices", True),
    ("feat: warn about missing SPDX identifiers", ("src/check.rs",),
     "licence headers or copyright notices", False),
    ("[#12303] Fix CI-friendly ${revision} not interpolated for non-build POM reads",
     ("impl/maven-core/src/main/java/A.java",), "CI plumbing", False),
    ("Repair broken CI", (".github/workflows/ci.yml", "src/a.py"), "CI plumbing", True),
    # sqlalchemy/sqlalchemy: the test harness a library keeps in a testing/ package
    ("fixes for logging tests", ("lib/sqlalchemy/testing/fixtures/base.py",),
     "test-suite upkeep", True),
    ("Fix the upload crash", ("lib/sqlalchemy/orm/state.py",
                              "lib/sqlalchemy/testing/fixtures/base.py"), "test-suite upkeep",
     False),
    # tauri: a feature for its users' CI; an advisory the audit is told to ignore
    ("feat(cli): iOS signing for CI usage", ("crates/tauri-cli/src/mobile/ios.rs",),
     "CI plumbing", False),
    ("fix(tests): flaky upload test on CI", ("src/a.py",), "CI plumbing", True),
    ("fix(pnpm): ignore micromatch ReDoS vuln CVE-2024-4067", ("package.json",),
     "dependency audit upkeep", True),
    ("fix: ReDoS in the glob matcher (CVE-2024-4067)", ("src/glob.js",),
     "dependency audit upkeep", False),
    ("fix: npm audit", ("package.json", "package-lock.json"), "dependency audit upkeep", True),
    ("fix: npm audit crashes on workspaces", ("src/audit.js",), "dependency audit upkeep",
     False),
    ("fix: publish NPM packages with latest tag", (".github/workflows/publish.yml",
                                                   "scripts/publish.js"), "CI plumbing", True),
    # sqlalchemy: its migration guide kept beside the changelog; a type checker's chores
    ("rework migration docs a bit, fix issues", ("doc/build/changelog/migration_21.rst",),
     "changelog or release-notes bookkeeping", False),
    ("update changelog", ("doc/build/changelog/changelog_21.rst",),
     "changelog or release-notes bookkeeping", True),
    ("do the mypy dance", ("lib/sqlalchemy/orm/events.py",), TYPE_CHECKS, True),
    # pnpm: a resolution made to agree, a setting pinned to its registry, a feature that
    # keeps a spelling: none of them upkeep by these words
    ("fix(pacquet): align n8n lockfile with pnpm 11", ("crates/lockfile/src/a.rs",),
     "visual polish", False),
    ("fix: align the icons with the text", ("src/ui/toolbar.tsx",), "visual polish", True),
    ("fix(pacquet): pin every unscoped .npmrc setting to its own source's registry",
     ("crates/config/src/npmrc.rs",), "dependency or tool bump", False),
    ("Pin ruff to 0.4.1", ("pyproject.toml",), "dependency or tool bump", True),
    ("Pin build<1.4.1 to fix CI", ("pyproject.toml",), "dependency or tool bump", True),
    ("feat: name the virtual store's type, keeping the boolean spelling",
     ("config/src/settings.ts",), "typo or wording fix", False),
    # apache/maven: its integration tests and their harness
    ("Add command line information to Verifier log files", (
        "its/core-it-support/maven-it-helper/src/main/java/org/apache/maven/it/Verifier.java",),
     "test-suite upkeep", True),
    # something documented in the code alone is a comment (sidekiq, astro); docs kept in a
    # plugin's YAML or beside the code are users' (ansible, sharkdp/bat)
    ("document an oddity", ("lib/sidekiq/api.rb",), COMMENTS, True),
    ("Document the server build process", ("packages/astro/src/core/build/static-build.ts",),
     COMMENTS, True),
    ("document base64 filters", ("lib/ansible/plugins/filter/b64decode.yml",), COMMENTS, False),
    # ... nor the product's documents (meilisearch, paperless-ngx)
    ("Document template: Correctly render when indexing first item in array",
     ("crates/milli/src/prompt/document.rs",), COMMENTS, False),
    ("Fix: document detail page crash on notes", ("src/documents/views.py",), COMMENTS, False),
    ("Document upload: fix crash on large files", ("src/upload.ts",), COMMENTS, False),
    # ... nor a library's reference docs or its help
    ("Document the --dry-run flag in the CLI help", ("cmd/root.go",), COMMENTS, False),
    ("Document public API of the Client type", ("src/client.rs",), COMMENTS, False),
    ("Document default style components", ("doc/long-help.txt", "src/bin/bat/clap_app.rs"),
     COMMENTS, False),
    # a page's styles not loaded at all is a bug, not polish (astro)
    ("Fix missing CSS when mixing SSR and prerendered routes",
     ("packages/astro/src/core/build/plugins/plugin-css.ts",), "visual polish", False),
    ("Fix styles on import modal", ("app/views/import.html.erb",), "visual polish", True),
    # builds for a system or package format users get are no build upkeep (junegunn/fzf)
    ("Update Makefile to support builds on Illumos", ("Makefile",), BUILD, False),
    ("Update Makefile to support builds on Illumos", ("Makefile",), "CI plumbing only", False),
    ("Publish .deb package for each release", (".goreleaser.yml",), "CI plumbing only", False),
    ("Fix goreleaser deprecation warnings", (".goreleaser.yml",), "CI plumbing only", True),
    ("Makefile: drop the old lint target", ("Makefile",), BUILD, True),
    ("Add FreeBSD build to release artifacts", (".github/workflows/release.yml",),
     "CI plumbing only", False),
    ("Allow builds on windows to fail", (".github/workflows/ci.yml",), "CI plumbing only", True),
    ("Add build for windows to CI matrix", (".github/workflows/ci.yml",), "CI plumbing only",
     True),
    ("Enable builds on android for debug variant", ("app/build.gradle",), BUILD, True),
    # fixes named by their kind alone, unless the word between says what they fix
    ("Misc security fixes", ("src/a.go",), "a title too vague to judge, and no description",
     False),
    ("Misc. fixes", ("src/a.go",), "a title too vague to judge, and no description", True),
    # instructions for coding agents kept in their own folders (astro's .agents/skills/)
    ("Update agent docs for background dev servers", (".agents/skills/dev.md", "AGENTS.md"),
     "contributor docs only", True),
    # support taken away, broken parts deleted (pnpm, yt-dlp): upkeep, whatever the tag
    ("feat!: drop Node.js 20 and 21 support", ("package.json",), "support removed", True),
    ("[ie/youtube] Drop support for bun<1.2.11 and bun>1.3.14", ("yt_dlp/youtube.py",),
     "support removed", True),
    ("[cleanup] Remove broken extractors", ("yt_dlp/extractor/a.py",),
     "broken parts deleted", True),
    ("Documentation: remove broken link", ("docs/usage.md",), "broken parts deleted", False),
    ("Remove the need for support tickets on signup", ("src/a.py",), "support removed", False),
    ("Remove support limit from uploads", ("src/a.go",), "support removed", False),
    ("Add support for Python 3.14", ("setup.py",), "support removed", False),
    ("Remove IE11 support.", ("src/polyfills.js",), "support removed", True),
    # ... narrowed after an attack: insecure support taken away is security work, a removal
    # that says what it fixed is the fix, customer support is the product's
    ("Remove support for insecure TLS 1.0 and 1.1", ("src/tls.rs",), "support removed", False),
    ("Drop support for MD5 password hashing", ("src/auth.js",), "support removed", False),
    ("Remove support for negative timeouts that caused an infinite loop", ("src/a.go",),
     "support removed", False),
    ("Remove live chat support", ("src/chat.ts",), "support removed", False),
    ("Remove broken retry logic that caused duplicate payments", ("src/pay.go",),
     "broken parts deleted", False),
    ("Remove broken password reset that leaked tokens", ("src/reset.go",),
     "broken parts deleted", False),
    # a test's timing issue is a flaky test (valkey), whatever else it touches
    ("Fix CLIENT KILL MAXAGE test timing issue",
     ("tests/unit/introspection.tcl", ".github/workflows/daily.yml"), "test-suite upkeep",
     True),
    ("Fix timing issue in the upload scheduler", ("src/upload.c",), "test-suite upkeep",
     False),
    ("Fix intermittent failures in test discovery on Windows", ("src/_pytest/python.py",),
     "test-suite upkeep", False),
    # a file named for its locale, wherever kept (mealie's Crowdin updates)
    ("New Crowdin updates", ("frontend/lang/messages/bg-BG.json",
                             "frontend/lang/messages/fr-FR.json"), "translation update", True),
    ("Add the fr-FR preset", ("src/presets/fr-FR.ts",), "translation update", False),
    ("Fix wrong VAT rate for Germany", ("config/tax/de-DE.yml",), "translation update", False),
    ("Add Ukrainian language", ("src/lang/uk-UA.json",), "translation update", False),
    ("Add internal scripts to generate language translations", ("scripts/translate.py",
     "docs/de/index.md"), "translation update", True),
    # comments called out of date, whatever they are on (valkey)
    ("Fix outdated LFU comments to eliminate confusion", ("src/evict.c",), COMMENTS, True),
    ("Fix duplicate post comments", ("src/comments.ts",), COMMENTS, False),
    # ... not comments the product handles (an attack on the round's rules)
    ("Fix incorrect placement of trailing comments", ("src/printer.js",), COMMENTS, False),
    ("Fix wrong author on comments", ("src/comments.ts",), COMMENTS, False),
    # made to agree with another tool, whatever it aligns (pnpm): no visual polish
    ("fix(pacquet): align GVS slot layout with pnpm", ("crates/store/src/lib.rs",),
     "visual polish", False),
    ("fix(pacquet): align hoisted dependency metadata", ("crates/store/src/lib.rs",),
     "visual polish", False),
    ("Align the label with the input", ("src/form.vue",), "visual polish", True),
    # a bump named by its dependency alone (mealie's "fix: Bump tzdata 2024.1")
    ("fix: Bump tzdata 2024.1", ("poetry.lock", "pyproject.toml"), "dependency or tool bump",
     True),
    ("fix: Bump SQLAlchemy", ("poetry.lock", "pyproject.toml"), "dependency or tool bump",
     True),
    ("Bump the retry budget for uploads on slow links", ("src/a.go",),
     "dependency or tool bump", False),
    ("Bump timeout", ("src/a.go",), "dependency or tool bump", False),
    ("fix(modal): bump z-index", ("src/modal.css",), "dependency or tool bump", False),
    ("Bump stackprof from 0.2.26 to 0.2.27", ("Gemfile.lock",), "dependency or tool bump",
     True),
    ("Bump minimist from 1.2.5 to 1.2.6", ("package-lock.json",), "dependency or tool bump",
     True),
    # contributors' docs in a contributors' folder, a code style guide (mealie, pnpm)
    ("docs: new notes on releasing mealie",
     ("docs/docs/contributors/developers-guide/maintainers.md",), "contributor docs only",
     True),
    ("docs(agents): document how to add log events", ("AGENTS.md", "CODE_STYLE_GUIDE.md"),
     "contributor docs only", True),
    ("docs: explain the upload limits", ("docs/docs/users/uploads.md",),
     "contributor docs only", False),
    # the attack's near misses: a typographic feature, the product's contributions, a
    # formatter run on save, a formatter's own fix
    ("Add typographic quotes to the editor", ("src/editor.ts",), TYPO, False),
    ("feat: contribution graph on the user profile", ("src/profile.ts",),
     "contributor docs only", False),
    ("fix(black): keep the magic trailing comma", ("src/black/linegen.py",), LINT, False),
    ("Improve codecov integration", ("codecov.yaml",),
     "linter, checker or update-bot configuration only", True),
    # usebruno/bruno: a piece of the UI restyled to match the rest is polish; an option
    # under the 'add:' tag is no rename
    ("fix(mock-server): bring the UI in line with the rest of Bruno",
     ("packages/bruno-app/src/components/MockServer/index.js",), "visual polish", True),
    ("Make the export consistent with the import format", ("src/export.ts",),
     "visual polish", False),
    # honojs/hono: a renderer's behaviour made to agree with React's
    ("fix(jsx): align link hoisting and dedupe with React 19", ("src/jsx/dom/render.ts",),
     "visual polish", False),
    ("fix(jsx): align the toolbar icons", ("src/jsx/toolbar.tsx",), "visual polish", True),
    ("add: rename folder option while creating workspace",
     ("packages/bruno-app/src/components/Workspace/index.js",), "pure refactor", False),
    ("refactor: rename the workspace store", ("src/store.ts",), "pure refactor", True),
    # nicotine-plus: a message queue is no message users read; a lint pass by its -ing
    ("slskproto.py: improve message queue safety", ("pynicotine/slskproto.py",),
     "formatting or lint only", False),
    ("Fix linting error", ("pynicotine/gtkgui/search.py",), "formatting or lint only", True),
    # borgbackup/borg: resources a program releases are no release; the licence's year
    # and a changelog kept in the docs are; FreshRSS: groundwork prepared is no release
    ("release chunk data memoryviews after use", ("src/borg/archive.py",), "release chore",
     False),
    ("Release cache resources properly in Cache.close()", ("src/borg/cache.py",),
     "release chore", False),
    ("Prepare options for category-level filter actions", ("app/Models/Category.php",),
     "release chore", False),
    ("Prepare for 10.1.0 release", ("CHANGELOG.md", "Cargo.toml"), "release chore", True),
    ("Prepare for v1.19 release", ("Cargo.toml",), "release chore", True),
    ("Prepare bug fix release 3.17.1", ("rest_framework/__init__.py",), "release chore", True),
    ("prepare-release-pr: open PRs as draft", ("scripts/prepare-release-pr.py",),
     "release chore", True),
    ("update year in LICENSE and docs/conf.py, fixes #9679", ("LICENSE", "docs/conf.py"),
     "licence headers or copyright notices", True),
    ("update CHANGES", ("docs/changes.rst",), "changelog or release-notes bookkeeping", True),
    # rclone: the contributors' list, a release's next version opened; a rename that mends
    # what users lost is no refactor (mitmproxy)
    ("Add VXNCXNX to contributors", ("docs/content/authors.md",),
     "credits or acknowledgements", True),
    ("Add the authors page to the docs", ("docs/content/authors.md", "docs/layouts/menu.html"),
     "credits or acknowledgements", False),
    ("Start v1.76.0-DEV development", ("VERSION", "fs/versiontag.go"), "release chore", True),
    ("Start the upload when the page opens", ("src/upload.ts",), "release chore", False),
    ("Rename mitmweb XSRF cookie to `_mitmproxy_xsrf` to recover broken Firefox sessions",
     ("mitmproxy/tools/web/app.py",), "pure refactor", False),
    ("Rename the XSRF cookie helper", ("mitmproxy/tools/web/app.py",), "pure refactor", True),
    # puma: a move that also adds a guide for users; release notes aligned are no styling
    ("Move 5.0/6.0 upgrade guides to docs and add 7.0 guide",
     ("5.0-Upgrade.md", "docs/5.0-Upgrade.md", "docs/7.0-Upgrade.md"), "pure refactor", False),
    ("Move the upgrade guides to docs", ("5.0-Upgrade.md", "docs/5.0-Upgrade.md"),
     "pure refactor", True),
    ("Add release pre-merge checks and align Release.md",
     (".github/workflows/release-checks.yml", "Release.md"), "visual polish", False),
    ("Align the sidebar", ("src/panel.css",), "visual polish", True),
    # wagtail: the dependency bot's configuration, with its changelog line; not
    # Dependabot's support for the product (uv)
    ("Add renovate configuration to automate Python dependencies management",
     (".github/renovate.jsonc", "CHANGELOG.txt", "docs/releases/8.0.md", "package.json"),
     "CI plumbing only", True),
    ("Update dependabot support status", ("docs/guides/integration/dependency-bots.md",),
     "CI plumbing only", False),
    ("Fix Renovate logo in the readme", ("readme.md", "media/renovate.svg"), "CI plumbing only",
     False),
    # wagtail: users' docs written with the release's notes are no release chore
    ("Add docs and release notes for BlockGroup and form_layout",
     ("docs/reference/streamfield/blocks.md", "docs/releases/7.3.md",
      "wagtail/blocks/struct_block.py"), "release chore", False),
    ("Add release notes for BlockGroup", ("docs/releases/7.3.md",), "release chore", True),
    # rspec: three misspelt words in comments, named by the craft
    ("[support] Fix typography mistakes", ("lib/rspec/support.rb",), "typo or wording fix",
     True),
    ("Improve typography of the reader view", ("src/reader.css",), "typo or wording fix",
     False),
    # go-task: the docs site's build mended in a page; not the product's build, nor an
    # example set right
    ("fix(docs): wrap join example in v-pre to fix VitePress build",
     ("website/src/docs/reference/templating.md",), "docs site or build configuration", True),
    ("Fix the docs build", ("docs/conf.rst",), "docs site or build configuration", True),
    ("Increase help indention to fix the docs build error", ("crates/nu-cmd/src/help.rs",),
     "docs site or build configuration", False),
    ("fix(docs): correct the join example", ("website/src/docs/reference/templating.md",),
     "docs site or build configuration", False),
    ("docs: explain how to fix build errors on Windows", ("docs/install.md",),
     "docs site or build configuration", False),
    ("internxt: fix lint problems", ("backend/internxt/internxt.go",),
     "formatting or lint only", True),
    # composer: where the product is the audit, its users' ignores are its features
    ("Add a way to configure block- and audit-specific ignores in audit.ignore, "
     "audit.ignore-abandoned and audit.ignore-severity",
     ("src/Composer/Advisory/Auditor.php",), "dependency audit upkeep", False),
    ("Fix regression in showing reasons for ignoring advisories",
     ("src/Composer/Advisory/Auditor.php",), "dependency audit upkeep", False),
    # rclone: a backend mended by updating its client library; the toolchain updated for
    # its advisories; a go.mod tidied stays upkeep
    ("mega: fix files reappearing in listings after being renamed", ("go.mod", "go.sum"),
     "dependency or tool bump", False),
    ("build: update golang.org/x/net to v0.53.0", ("go.mod", "go.sum"),
     "dependency or tool bump", True),
    ("build: fix multiple CVEs by upgrading to go1.26.6", (".github/workflows/build.yml",),
     "CI plumbing only", False),
    ("ci: bump actions/checkout to v5", (".github/workflows/build.yml",), "CI plumbing only",
     True),
    # eza: a docs tag on a comment in the code; caddy's module docs stay users'; zustand:
    # a picture's path in the README
    ("docs(theme): specify perf improvements", ("src/theme/mod.rs",), "comments in the code",
     True),
    ("docs: expand proxy protocol docs", ("modules/caddyhttp/proxyprotocol/listener.go",),
     "comments in the code", False),
    # ... nor typst's reference, written in its Rust code
    ("docs(accent): Describe math mode accent functions", ("crates/typst/src/math/accent.rs",),
     "comments in the code", False),
    ("fix(readme): bear image path", ("README.md",), "docs link or markup fix", True),
    # Jest's fixtures and snapshots beside the tests (pnpm's __fixtures__/)
    ("Update the lockfile fixtures", ("__fixtures__/with-peer/pnpm-lock.yaml",
                                      "pkg/test/__snapshots__/install.ts.snap"),
     "test-suite upkeep", True),
    # etcd: a bump for the day it was made; the scripts that run the tests
    ("[2025-11-19] Manual dependency bump", ("go.mod", "go.sum", "go.work.sum",
                                              "tests/go.mod", "tests/go.sum"),
     "dependency or tool bump", True),
    ("Fix robustness tests execution", ("scripts/test.sh",), "test-suite upkeep", True),
    # ... and the project's own scripts alone, as Kubernetes' hack/ (etcd's "Silence BOM
    # first run expected error" was Customer Empathy, "makes the product easier to use")
    ("Silence BOM first run expected error", ("scripts/test.sh", "scripts/updatebom.sh"),
     "build-system upkeep", True),
    ("Fix the installer on arm64", ("scripts/install.sh",), "build-system upkeep", False),
    ("Fix the installer on arm64", ("scripts/install.sh",), "test-suite upkeep", False),
    # vikunja: the product's licence code and its comments feature; a control added
    ("fix(license): degrade to free when servers unreachable", ("pkg/license/license.go",),
     "repository housekeeping (ignore files, editor settings, licence)", False),
    ("Update the licence", ("LICENSE.md",),
     "repository housekeeping (ignore files, editor settings, licence)", True),
    ("fix(editor): prevent TypeError when typing mentions in comments",
     ("frontend/src/editor.ts",), "comments in the code", False),
    ("Fix typo in comments", ("src/a.go",), "comments in the code", True),
    ("fix(filter): add close button for filter popup on mobile with accurate spacing",
     ("frontend/src/Filter.vue",), "visual polish", False),
    ("fix spacing in the header", ("frontend/src/Header.vue",), "visual polish", True),
    # authelia: citation metadata; a release tagged as one
    ("docs: add citation file format", ("CITATION.cff",),
     "repository housekeeping (ignore files, editor settings, licence)", True),
    ("releases: v4.39.14", ("CITATION.cff", "cmd/gen.go"), "release chore", True),
    ("releases: add the arm64 archives", (".goreleaser.yml",), "release chore", False),
    # marimo: its own upkeep tag; docstrings the product reads
    ("internal: fix api snapshot", ("packages/openapi/api.yaml",),
     "chore, CI or style commit", True),
    ("fix(directory-scanner): detect notebooks with long module docstrings",
     ("marimo/_server/files/directory_scanner.py",), "docstrings in the code", False),
    # vikunja: lint passes by what they lint, the linter's version, the lint scope
    ("fix: style lint", ("frontend/src/a.vue",), "formatting or lint only", True),
    ("fix: resolve golangci-lint v2.12 findings", ("pkg/a.go",), "formatting or lint only",
     True),
    ("chore(lint): suppress gosec false positives on SSRF-safe HTTP client calls",
     ("pkg/utils/httpclient.go",), "formatting or lint only", True),
    # beszel: the product's formatting code; a value set to a number; the tests' own
    ("fix: update temperature and byte formatting functions to use loose equality checks",
     ("internal/site/src/lib/utils.ts",), "formatting or lint only", False),
    ("fix(ui): update bandwidth fallback to 0 when value is undefined (avoid NaN)",
     ("internal/site/src/a.tsx",), "dependency or tool bump", False),
    ("fix: update request timeout to 30s", ("src/client.go",), "dependency or tool bump", False),
    ("Bump p-limit from 3 to 4", ("package.json",), "dependency or tool bump", True),
    ("style: formatting code", ("src/a.py",), "formatting or lint only", True),
    ("fix(tests): align error message after merging #2011", ("internal/hub/a_test.go",),
     "visual polish", False),
    # wallabag: a maintainer added to the project's lists; the development setup
    ("Add Yassine Guedidi to maintainer references", ("CREDITS.md", "composer.json",
     "package.json", "templates/Static/about.html.twig"), "credits or acknowledgements", True),
    ("Add user to maintainers of a repository", ("routers/repo.go",),
     "credits or acknowledgements", False),
    ("Make Docker development port configurable", (".env", ".github/CONTRIBUTING.md",
     "compose.yaml"), "build-system upkeep", True),
    ("Add a production compose file for users", ("compose.yaml",), "build-system upkeep",
     False),
    # wails: the star history; not a forge's own
    ("Add a native weekly star-history chart", ("README.md", ".github/workflows/star.yml"),
     "README badges, logos or pictures", True),
    ("Add a star history page to repositories", ("routers/web/repo/stars.go",),
     "README badges, logos or pictures", False),
    ("Fix stargazers page pagination", ("routers/web/repo/stars.go",),
     "README badges, logos or pictures", False),
    # comments in the code, whatever they are about; docstrings added to classes
    ("Fix misleading comment about crash recovery", ("src/recover.go",),
     "comments in the code", True),
    ("Fix comments in threads.go", ("src/threads.go",), "comments in the code", True),
    ("Update classes with missing docstrings", ("src/a.py",), "docstrings in the code", True),
])
def test_routine_word_rules_of_the_rubric_alone(
    title: str, paths: tuple[str, ...], reason: str, routine: bool
) -> None:
    result = classify(item(title, paths=paths), load_rubric(classifier="rules"),
                      roles=("author",))

    assert (reason in result.routine) is routine


ATUIN_TEMPLATE = (
    "I want to be able to spin up remote devenvs.\n\n## Checks\n"
    "- [ ] I am happy for maintainers to push small adjustments to this PR,\n"
    "to speed up the review cycle\n"
    "- [x] I have checked that there are no existing pull requests for the\nsame thing\n")


def test_a_templates_first_person_checklist_is_not_the_changes_description() -> None:
    # atuin: its template's "to speed up the review cycle" read as performance work in 124
    # of its maintainer's descriptions; a checklist of the change's own steps stays. The
    # rules leave it out (the model still reads it: measured, leaving it out cost it)
    rules = load_rubric(classifier="rules")

    def reasons(body: str) -> list[str]:
        found = classify(item("Add a devcontainer", body=body), rules, roles=("author",))
        return [reason for match in found.matches for reason in match.reasons]

    assert reasons(ATUIN_TEMPLATE) == ["title matches 'Add'"]
    assert "description mentions 'Speed up'" in reasons("- [x] Speed up the CSV export\n")


def test_a_refactor_whose_subject_closes_a_hole_is_security_work() -> None:
    # filebrowser: "refactor: ScopedFs to avoid escaping symlinks", the core of its symlink
    # hardening, read as a pure refactor
    rubric = load_rubric()
    model = toy_model(bias=[-12.0, -12.0, -12.0])

    def judged(title: str) -> Classified:
        return classify(item(title, paths=("files/scoped.go",)), rubric, roles=("author",),
                        model=model)

    assert judged("refactor: ScopedFs to avoid escaping symlinks").competency_ids == (
        "product-stability",)
    assert judged("Refuse symlinks escaping the data directory").competency_ids == (
        "product-stability",)
    # ... not a refactor of the security code, nor symlinks the product follows
    for title in ("refactor(security): move the token checks", "refactor: split the scoped fs",
                  "refactor: follow symlinks when listing"):
        assert judged(title).competency_ids == (), title


def test_a_decompression_bomb_is_a_security_word() -> None:
    # nicotine-plus: "enforce maximum sizes for uncompressed message", "Otherwise we will
    # run out of memory when processing decompression bombs", had no claim at all
    rules = load_rubric(classifier="rules")
    described = next(r for c in rules.competencies for r in c.rules
                     if r.id == "security-described")
    said = item("Enforce maximum sizes for uncompressed messages",
                body="Otherwise we run out of memory on decompression bombs.")
    titled = classify(item("Refuse zip bombs in uploaded archives"), rules, roles=("author",))

    assert fires(described, said, ("author",), ())
    assert not fires(described, item("Enforce sizes", body="Compress the bomb icon."),
                     ("author",), ())
    assert "product-stability" in titled.competency_ids


def test_ui_fixes_whose_description_names_the_issues_they_fix_are_not_polish() -> None:
    # keepassxc: "Minor UI fixes" lists five reported issues it fixes, a password shown
    # on creating a database among them
    rules = load_rubric(classifier="rules")
    body = ("* Fixes #11044 - password generator excluded characters tooltip was incorrect"
            "\n\n* Fixes #11212 - don't show password on creating new database")

    assert "visual polish" in classify(item("Minor UI fixes"), rules, roles=("author",)).routine
    assert "visual polish" in classify(item("Minor UI fixes", body="Spacing and colours."),
                                       rules, roles=("author",)).routine
    assert classify(item("Minor UI fixes", body=body), rules, roles=("author",)).routine == ()


def test_support_removed_to_close_a_security_hole_is_not_upkeep() -> None:
    # yt-dlp: "[fd/external] aria2c: Remove support for m3u8/dash protocols" named the
    # advisory it closed in its description
    title = "[fd/external] aria2c: Remove support for m3u8/dash protocols"
    rules = load_rubric(classifier="rules")
    plain = classify(item(title), rules, roles=("author",))
    advisory = classify(item(title, body="Fixes GHSA-vx4q-3cr2-7cg2"), rules, roles=("author",))

    assert "support removed" in plain.routine
    assert "support removed" not in advisory.routine
    # a broken link in the docs keeps the docs' reason, the first a document shows
    link = classify(item("Documentation: remove broken link", paths=("docs/usage.md",)),
                    load_rubric(), roles=("author",), model=toy_model())
    assert link.routine[0] == "docs link or markup fix"


@pytest.mark.parametrize(("title", "measured"), [
    ("Cut startup from 860 ms to 310 ms", True),
    ("Reduce memory from 1.5GB to 300MB", True),
    ("Render lists from 10,000 to 2,000 allocations", True),
    # a version bump is no measurement (jesseduffield/lazygit#5460 claimed Customer Value)
    ("Bump github.com/sasha-s/go-deadlock from 0.3.6 to 0.3.9", False),
    ("Update ruff from 0.4 to 0.5.1", False),
])
def test_a_measured_change_is_not_a_version_bump(title: str, measured: bool) -> None:
    assert _fires_on_title("measured", title) is measured


@pytest.mark.parametrize(("title", "fix"), [
    ("restore: tune fileswriter", False),  # restic: the command's name, as the scope
    ("handle: split the pool", False),
    ("Restore the cursor after a resize", True),
    ("restore: restore file modes on Windows", True),
    ("fix: keep the cursor", True),
])
def test_a_fix_verb_that_names_the_scope_is_no_fix(title: str, fix: bool) -> None:
    assert _fires_on_title("fix-title", title) is fix


def _fires_on_title(rule_id: str, title: str) -> bool:
    """Whether the default rubric's competency rule ``rule_id`` fires on ``title`` alone."""
    rubric = load_rubric(classifier="rules")
    rule = next(r for c in rubric.competencies for r in c.rules if r.id == rule_id)
    return fires(rule, item(title), roles=("author",), types=())


@pytest.mark.parametrize(("title", "fixed"), [
    ("Fix crash when css.Build has no entry point", True),
    ("markup/highlight: Handle a missing lexer", True),
    # gohugoio/hugo: GitHub closes a feature request with the same words
    ("Add css.Build", False),
    ("markup/highlight: Allow overriding type and code via options", False),
])
def test_fixes_an_issue_is_no_bug_fixed_under_a_features_verb(title: str, fixed: bool) -> None:
    rubric = load_rubric(classifier="rules")
    work = item(title, body="Fixes #13874")
    for competency in rubric.competencies:
        rule = next((r for r in competency.rules if r.id == "fixes-issue"), None)
        if rule is not None:
            assert fires(rule, work, roles=("author",), types=()) is fixed, competency.id


@pytest.mark.parametrize(("rule_id", "title", "fired"), [
    ("performance", "perf: cache the resolver's lookups", True),
    ("performance", "Improve performance of discarding many files", True),
    # composer/composer: Perforce, the version control system
    ("performance", "Convert perforce util to use array process args to avoid injections",
     False),
    ("resilience", "Stabilize websocket reconnects", True),
    ("resilience", "Add retry with backoff to uploads", True),
    # casey/just, square/okhttp: a feature or API made stable is no investment in
    # graceful degradation
    ("resilience", "Stabilize `--fmt` subcommand", False),
    ("resilience", "Stabilize the JUnit 4 API", False),
    # sidekiq's terminal UI: a product's page named by the word is no investment in
    # monitoring or retries
    ("monitoring", "Start of metrics tab", False),
    ("resilience", "Add support for filter/paging to Retry/Dead tables", False),
    ("monitoring", "Add metrics for queue latency", True),
    ("resilience", "Retry failed uploads", True),
    # ... while resilience work on such a page is still resilience work
    ("resilience", "Metrics view: retry failed queries with backoff", True),
    ("resilience", "Add circuit breaker to metrics page backend calls", True),
    ("resilience", "Add retries to metrics page data fetch", True),
    # jesseduffield/lazydocker: support given back is a fix
    ("supports-title", "Support -p flag", True),
    ("supports-title", "Support -p flag again", False),
    # yt-dlp: error handling improved is no error message (a 404 caught, a format skipped)
    ("error-messages", "[ie/soundcloud] Improve error handling", False),
    ("error-messages", "Improve error messages for bad config files", True),
    ("error-messages", "Better error handling with helpful hint when port is in use", True),
    # a security scope decides a fix, and a feature only when it says what it defends
    ("security-scope", "fix(security): verify Node.js runtime SHASUMS OpenPGP signature", True),
    ("security-scope", "feat(security): reject unsigned webhooks", True),
    ("security-scope", "feat(security): show vulnerability count on dashboard", False),
    ("security-scope", "fix(security): rename SecurityPanel component", False),
    # yt-dlp: CI hardened is no security work of the product's
    ("security-named", "[build] Harden CI/CD pipeline", False),
    ("security-named", "fix(backend): harden onboarding config endpoint", True),
    # rails/solid_queue, python-pillow: a database's index hint, a licence's notice
    ("warns-users", "Add index hint for releasing blocked executions", False),
    ("warns-users", "Add Apache-2.0 notice to IcoImagePlugin", False),
    ("warns-users", "Add a hint when the config file is missing", True),
    # rust-lang/rustup: the code's own structure avoided is no fix
    ("fix-title", "cli: avoid Cfg construction indirection", False),
    ("fix-title", "avoid deadlock in the log writer", True),
    # yazi: walking a directory tree put into a function
    ("security-named", "refactor: pull directory traversal out into a function", False),
    ("security-named", "Fix directory traversal in static file handler", True),
    ("security-named", "Fix path traversal vulnerability in module loader", True),
    ("fix-title", "fix: avoid panic on clone", True),
    ("fix-title", "fix: avoid double locking", True),
    ("warns-users", "Warn when running on BSD", True),
])
def test_a_rules_word_in_another_sense_does_not_fire_it(
    rule_id: str, title: str, fired: bool
) -> None:
    assert _fires_on_title(rule_id, title) is fired


@pytest.mark.parametrize(("title", "feature"), [
    ("Add sudo mode to phx.gen.auth", True),
    # a scope prefix names where, not what kind: the subject after it says (the issue's
    # "Action: …"; phoenixframework/phoenix "WebSockets: support passing through…")
    ("WebSockets: support passing through sec-websocket headers", True),
    ("caddytls: Add sni_regexp matcher", True),
    ("feat(cli): add --json", True),
    # a routine or fix type is not a feature, whatever its verb
    ("chore: add lint config", False),
    ("ci(release): add arm64 runners", False),
    ("docs: add a section about npm", False),
    ("fix(io): add missing null check", False),
    # an issue tracker's key is a reference, not the subject (ktorio/ktor keys 403 of its
    # 910 subjects since 2025-06 so)
    ("KTOR-9327 Curl: Support WebSockets maxFrameSize option", True),
    ("[TF-28590] Actions: Add support for write-only attributes", True),
    ("ABC-7: add export to CSV", True),
    ("KTOR-9410 chore: add lint config", False),
    ("SHA-256 support in signatures", False),  # a name, not a key: the rule reads all of it
    # the release branch a change was made for (nats-io/nats-server, laravel/framework)
    ("(2.12) Add required API level in JS requests", True),
    ("[10.x] Add Str::chopStart", True),
    ("(2.14) fix: keep the stream", False),
])
def test_a_feature_title_after_a_scope_prefix(title: str, feature: bool) -> None:
    assert _fires_on_title("feature-title", title) is feature


@pytest.mark.parametrize(("title", "fix"), [
    # rxhanson/Rectangle: a configurable corner for windows of a fixed size was its
    # maintainer's third Product Stability highlight, "fixes a bug"
    ("For fixed size windows, actions that result in a corner can be configured to go to "
     "that corner instead of centered in the proposed area", False),
    ("Replace procFun map with fixed-size array for faster algo dispatch", False),
    ("pad string to a fixed length to stop shifting", False),
    ("Fixed size of windows on a second display", True),  # the verb
    ("Fix crash with fixed-width fonts", True),  # another fix word still reads
    ("Fixed formatting", True),
])
def test_fixed_as_an_adjective_is_no_fix(title: str, fix: bool) -> None:
    assert _fires_on_title("fix-title", title) is fix
    names = features(title, "", [], [])
    assert ("t:fixed" in names) is title.startswith("Fixed ")


def test_a_tag_after_an_issue_key_or_gitmoji_is_the_subjects_type() -> None:
    rubric = load_rubric()
    assert commit_types("HSB-514 refactor: remove unused enum", rubric) == ("refactor",)
    assert commit_types("[PROJ-12] fix(api): keep the token", rubric) == ("fix",)
    assert commit_types("\U0001f41b fix: keep the token", rubric) == ("fix",)
    assert commit_types("UTF-8: read names as bytes", rubric) == ()
    assert commit_types("(2.14) fix(api): keep the token", rubric) == ("fix",)
    # python-poetry/poetry's dependency commits are chores
    assert commit_types("deps: require installer 1.0.0", rubric) == ("chore",)


@pytest.mark.parametrize(("title", "routine"), [
    # BurntSushi/ripgrep: groundwork users get nothing from yet (the labelling guide)
    ("index: add some initial indexing scaffolding", True),
    ("Lay the groundwork for incremental search", True),
    # ... not a scaffold users run, nor scaffolding under a feature's tag
    ("Add scaffold command for new projects", False),
    ("feat: scaffolding for plugins", False),
])
def test_scaffolding_and_groundwork_are_routine_whatever_the_model_says(
    title: str, routine: bool
) -> None:
    model = toy_model(bias=[12.0, 12.0, 12.0])  # a model that claims everything

    result = classify(item(title, paths=("crates/index/src/lib.rs",)), load_rubric(),
                      roles=("author",), model=model)

    assert (result.routine == ("groundwork for later work",)) is routine
    assert (result.matches == ()) is routine


@pytest.mark.parametrize(("title", "paths", "routine"), [
    # rclone: the sponsors page and the site's menu that links it, by the subject
    ("docs: sponsor updates", ("docs/content/sponsor.md", "docs/layouts/chrome/menu.html"),
     True),
    ("🔧 Update sponsors badges, Databento", ("README.md", "docs/en/data/sponsors.yml"), True),
    # ... not a feature that names sponsors
    ("feat: add a sponsor button to profile pages", ("app/views/profile.tsx",), False),
])
def test_sponsors_named_in_the_subject_are_routine_whatever_the_files(
    title: str, paths: tuple[str, ...], routine: bool
) -> None:
    model = toy_model(bias=[12.0, 12.0, 12.0])  # a model that claims everything

    result = classify(item(title, paths=paths), load_rubric(), roles=("author",), model=model)

    assert (result.matches == ()) is routine


@pytest.mark.parametrize(("title", "body", "vague"), [
    # dani-garcia/vaultwarden: 510 lines claimed as Product Stability, among its strongest
    ("Misc organization fixes", "", True),
    ("fixes", "", True),
    ("fix(plugins): various ui fixes", "", True),
    # a description says what each fix is for: the rest judge it
    ("Several SSO Fixes", "* Ensure SSO token is only usable on the same client\n\nThis "
     "commit adds an extra check via cookies.", False),
    ("Misc org fixes", "* Split vault org/personal purge endpoints", False),
    ("Fix the crash on an empty cart", "", False),
])
def test_fixes_named_by_nothing_but_their_kind_and_undescribed_are_too_vague(
    title: str, body: str, vague: bool
) -> None:
    result = classify(item(title, body=body, paths=("src/api/core/organizations.rs",)),
                      load_rubric(), roles=("author",),
                      model=toy_model(**{"t:fix": [0.0, 0.0, 12.0], "t:fixes": [0.0, 0.0, 12.0]}))

    assert ("a title too vague to judge, and no description" in result.routine) is vague
    assert (result.competency_ids == ()) is vague


@pytest.mark.parametrize(("title", "shown"), [
    # navidrome: a language the project's feature tag adds, a new locale file of 723 lines,
    # was "routine: translation update"
    ("feat(i18n): add Estonian translation file", True),
    ("feat(ui): add Slovak language translation (#5231)", True),
    # ... not strings added to a language there is, nor a translation without the tag
    ("feat(i18n): add missing keys to Estonian translation", False),
    ("Add German translation for `docs/de/docs/advanced/settings.md`", False),
    ("feat(i18n): added marathi(mr) translations", True),
    ("feat(i18n): add Brazilian Portuguese translation", True),
    # an attack: a word that is no language
    ("feat(i18n): add more translations", False),
    ("feat(i18n): add Crowdin translations", False),
    ("feat: add tooltip translations", False),
    ("feat(i18n): add Simplified Chinese (zh-CN) translation", True),
])
def test_a_language_the_feature_tag_adds_is_customer_value(title: str, shown: bool) -> None:
    model = toy_model()  # claims nothing by itself
    result = classify(item(title, paths=("resources/i18n/et.json",)), load_rubric(),
                      roles=("author",), model=model)

    assert ("customer-value" in result.competency_ids) == shown
    assert not (shown and result.routine)


@pytest.mark.parametrize(("title", "paths"), [
    # goreleaser: the code of a product that writes changelogs and releases, in folders
    # named for them, is no changelog
    ("fix(changelog): prevent panic on negative abbrev values other than -1",
     ("internal/pipe/changelog/changelog.go", "internal/pipe/changelog/changelog_test.go")),
    ("fix(release): log correct repo name for GitLab and Gitea releases",
     ("internal/pipe/release/release.go",)),
])
def test_the_code_of_a_changelog_or_release_feature_is_no_bookkeeping(
    title: str, paths: tuple[str, ...]
) -> None:
    result = classify(item(title, paths=paths), load_rubric(), roles=("author",),
                      model=toy_model())

    assert result.routine == ()  # nor the project's release plumbing, by its scope


def test_a_blog_post_ships_no_feature() -> None:
    # squidfunk/mkdocs-material: "Added blog post on closing of discussion board" was a
    # Customer Value highlight, "ships a feature or improvement"
    post = item("Added blog post on closing of discussion board",
                paths=("docs/blog/posts/goodbye-github-discussions.md",
                       ".github/DISCUSSION_TEMPLATE/q-a.yaml"))

    result = classify(post, load_rubric(), roles=("author",))

    assert "customer-value" not in result.competency_ids
    assert "customer-value/docs-title-not-feature" in default_rule_ids(post, ("author",))



def test_the_issue_a_feature_closes_before_its_verb_reads_no_fix() -> None:
    # mockito: "Fixes #3536 : Implement SpyStatic API", four of its author's five
    # highlights "fixes a bug"; a fix named so stays one
    feature = item("Fixes #3536 : Implement SpyStatic API",
                   paths=("mockito-core/src/main/java/org/mockito/Mockito.java",))
    fix = item("fix #3083 improve the parseURL function to handle page-relative URLs",
               paths=("src/lib/url.ts",))

    fired = default_rule_ids(feature, ("author",))
    assert "product-stability/fix-title" not in fired
    assert "customer-value/feature-title" in fired
    assert "product-stability/fix-title" in default_rule_ids(fix, ("author",))


def test_a_private_names_work_is_no_feature() -> None:
    # sphinx: "Introduce `_auto_document_object()`" and two more were Customer Value,
    # two of them highlights
    for title in ("Introduce `_auto_document_object()`",
                  "Introduce `sphinx.ext.autodoc._dynamic` subpackage",
                  "Add a shared utilities module for autodoc"):
        work = item(title, paths=("sphinx/ext/autodoc/_dynamic/_loader.py",))
        assert "customer-value/internal-not-feature" in default_rule_ids(work, ("author",))
        assert "customer-value" not in classify(work, load_rubric(),
                                                roles=("author",)).competency_ids, title
    public = item("Add `autodoc_use_type_comments` option", paths=("sphinx/ext/autodoc/__init__.py",))
    assert "customer-value/internal-not-feature" not in default_rule_ids(public, ("author",))


@pytest.mark.parametrize(("title", "paths", "shown"), [
    # wagtail: authorization checks added where they were missing, seven of its
    # maintainer's year's security fixes, shown as no competency
    ("Apply permission checks to page, snippet and site setting preview endpoints",
     ("wagtail/admin/views/pages/preview.py",), ("product-stability",)),
    ("Make CopyViewMixin require edit or view permission over source object",
     ("wagtail/admin/views/generic/mixins.py",), ("product-stability",)),
    ("Check object permissions in PageHistoryView", ("wagtail/admin/views/pages/history.py",),
     ("product-stability",)),
    # not the workflows' permissions, a file's mode, nor the code that holds them
    ("ci: require write permissions for the release job", (".github/workflows/release.yml",),
     ()),
    ("Check file permissions before reading the config", ("src/config.rs",), ()),
    ("Ensure deprecated permissions module in optional apps do not register a fallback "
     "policy", ("wagtail/contrib/settings/permissions.py",), ()),
    # ... nor a device's, a socket's or a folder's permissions, nor the permissions' table
    ("Make auto-cd check for permissions", ("crates/nu-cli/src/repl.rs",), ()),
    ("Require camera permissions on Android before scanning", ("src/scan.ts",), ()),
    ("Ensure the socket file has correct permissions", ("src/server.go",), ()),
    ("Enforce GroupPagePermission's permission or permission_type is not null",
     ("wagtail/models/pages.py",), ()),
    ("Check for ContentType and Permission models before migration",
     ("wagtail/migrations/0090.py",), ()),
])
def test_an_authorization_check_added_is_a_security_fix(
    title: str, paths: tuple[str, ...], shown: tuple[str, ...]
) -> None:
    result = classify(item(title, paths=paths), load_rubric(), roles=("author",),
                      model=toy_model())

    assert result.competency_ids == shown
    if shown:
        assert result.matches[0].themes == ("security",)

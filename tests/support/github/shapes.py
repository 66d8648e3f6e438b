"""GitHub's documented REST JSON shapes for the fake server's records.

Every URL is under the server's own roots: PyGithub checks their host and port.
"""

from __future__ import annotations

from typing import Any

from tests.support.github.data import (
    ChangedFile,
    Comment,
    GitHubData,
    Issue,
    Label,
    Repo,
    Review,
    ts,
)


class Shapes:
    """Renders records as GitHub's REST JSON, with URLs under this server's roots."""

    def __init__(self, api: str, web: str, data: GitHubData) -> None:
        self.api, self.web, self.data = api, web, data

    def user(self, login: str | None) -> dict[str, Any] | None:
        if login is None:
            return None
        info = self.data.users.get(login) or {"login": login, "id": 0}
        return {
            "login": login,
            "id": info["id"],
            "node_id": f"U_{info['id']}",
            "avatar_url": f"{self.web}/avatars/{login}",
            "gravatar_id": "",
            "url": f"{self.api}/users/{login}",
            "html_url": f"{self.web}/{login}",
            "type": "Bot" if login.endswith("[bot]") else "User",
            "site_admin": False,
        }

    def full_user(self, login: str) -> dict[str, Any]:
        info = self.data.users[login]
        return {
            **(self.user(login) or {}),
            "name": info.get("name"),
            "public_repos": 0,
            "created_at": "2015-01-01T00:00:00Z",
            "updated_at": "2024-01-01T00:00:00Z",
        }

    def label(self, repo: str, label: Label) -> dict[str, Any]:
        return {
            "id": label.id,
            "node_id": f"LA_{label.id}",
            "name": label.name,
            "url": f"{self.api}/repos/{repo}/labels/{label.name}",
            "color": label.color,
            "default": False,
            "description": label.description,
        }

    def _labels(self, issue: Issue) -> list[dict[str, Any]]:
        known = self.data.repos[issue.repo].labels
        return [self.label(issue.repo, known.get(n) or Label(n)) for n in issue.labels]

    def repo(self, repo: Repo) -> dict[str, Any]:
        return {
            "id": repo.id,
            "node_id": f"R_{repo.id}",
            "name": repo.full_name.split("/")[1],
            "full_name": repo.full_name,
            "private": repo.private,
            "owner": self.user(repo.owner),
            "html_url": f"{self.web}/{repo.full_name}",
            "url": f"{self.api}/repos/{repo.full_name}",
            "default_branch": "main",
            "fork": False,
            "archived": False,
            "visibility": "private" if repo.private else "public",
            "created_at": "2020-01-01T00:00:00Z",
            "updated_at": "2024-01-01T00:00:00Z",
            "pushed_at": "2024-01-01T00:00:00Z",
        }

    def issue(self, issue: Issue, *, score: bool = False) -> dict[str, Any]:
        base = f"{self.api}/repos/{issue.repo}/issues/{issue.number}"
        kind = "pull" if issue.is_pr else "issues"
        data: dict[str, Any] = {
            "url": base,
            "repository_url": f"{self.api}/repos/{issue.repo}",
            "labels_url": f"{base}/labels{{/name}}",
            "comments_url": f"{base}/comments",
            "events_url": f"{base}/events",
            "html_url": f"{self.web}/{issue.repo}/{kind}/{issue.number}",
            "id": issue.id,
            "node_id": f"I_{issue.id}",
            "number": issue.number,
            "title": issue.title,
            "user": self.user(issue.user),
            "labels": self._labels(issue),
            "state": issue.state,
            "locked": False,
            "assignee": self.user(issue.assignees[0]) if issue.assignees else None,
            "assignees": [self.user(a) for a in issue.assignees],
            "milestone": None,
            "comments": len(issue.comments),
            "created_at": ts(issue.created_at),
            "updated_at": ts(issue.updated_at),
            "closed_at": ts(issue.closed_at),
            "author_association": issue.author_association,
            "active_lock_reason": None,
            "body": issue.body,
            "reactions": {"url": f"{base}/reactions", "total_count": 0},
            "state_reason": "completed" if issue.state == "closed" else None,
        }
        if issue.is_pr:
            pull = f"{self.api}/repos/{issue.repo}/pulls/{issue.number}"
            html = data["html_url"]
            data["draft"] = issue.draft
            data["pull_request"] = {
                "url": pull,
                "html_url": html,
                "diff_url": f"{html}.diff",
                "patch_url": f"{html}.patch",
                "merged_at": ts(issue.merged_at),
            }
        if score:
            data["score"] = 1.0
        return data

    def pull(self, issue: Issue) -> dict[str, Any]:
        data = self.issue(issue)
        data.pop("pull_request")
        data.pop("reactions")
        url = f"{self.api}/repos/{issue.repo}/pulls/{issue.number}"
        repo = self.repo(self.data.repos[issue.repo])
        data.update(
            {
                "url": url,
                "issue_url": f"{self.api}/repos/{issue.repo}/issues/{issue.number}",
                "diff_url": f"{data['html_url']}.diff",
                "patch_url": f"{data['html_url']}.patch",
                "merged_at": ts(issue.merged_at),
                "merge_commit_sha": issue.merge_commit_sha,
                "merged": issue.merged_at is not None,
                "merged_by": self.user(issue.merged_by),
                "head": {
                    "label": f"{issue.user}:topic-{issue.number}",
                    "ref": f"topic-{issue.number}",
                    "sha": f"{issue.id:040x}",
                    "user": self.user(issue.user),
                    "repo": repo,
                },
                "base": {
                    "label": f"{repo['owner']['login']}:main",
                    "ref": "main",
                    "sha": f"{issue.id + 1:040x}",
                    "user": repo["owner"],
                    "repo": repo,
                },
                "requested_reviewers": [],
                "requested_teams": [],
                "review_comments": 0,
                "commits": 1,
                "additions": sum(f.additions for f in issue.files),
                "deletions": sum(f.deletions for f in issue.files),
                "changed_files": len(issue.files),
                "mergeable": None,
                "rebaseable": None,
                "mergeable_state": "unknown",
                "maintainer_can_modify": False,
                "auto_merge": None,
                "_links": {"self": {"href": url}, "html": {"href": data["html_url"]}},
            }
        )
        return data

    def file(self, issue: Issue, change: ChangedFile) -> dict[str, Any]:
        blob = f"{self.web}/{issue.repo}/blob/{issue.merge_commit_sha or 'head'}/{change.filename}"
        return {
            "sha": f"{abs(hash(change.filename)):040x}"[:40],
            "filename": change.filename,
            "status": change.status,
            "additions": change.additions,
            "deletions": change.deletions,
            "changes": change.additions + change.deletions,
            "blob_url": blob,
            "raw_url": blob.replace("/blob/", "/raw/"),
            "contents_url": f"{self.api}/repos/{issue.repo}/contents/{change.filename}",
            "patch": "@@ -1 +1 @@",
        }

    def review(self, issue: Issue, review: Review) -> dict[str, Any]:
        html = f"{self.web}/{issue.repo}/pull/{issue.number}#pullrequestreview-{review.id}"
        return {
            "id": review.id,
            "node_id": f"PRR_{review.id}",
            "user": self.user(review.user),
            "body": review.body,
            "state": review.state,
            "html_url": html,
            "pull_request_url": f"{self.api}/repos/{issue.repo}/pulls/{issue.number}",
            "submitted_at": ts(review.submitted_at),
            "commit_id": f"{issue.id:040x}",
            "author_association": review.author_association,
            "_links": {"html": {"href": html}},
        }

    def timeline(self, issue: Issue) -> list[dict[str, Any]]:
        """GET /issues/{n}/timeline: a commit, comments, submitted reviews (state lower
        case, as GitHub sends it there), labels put on and taken off (with their actor),
        then the merge and the closing, oldest first."""
        events: list[tuple[str, dict[str, Any]]] = []
        if issue.is_pr:
            sha = f"{issue.id:040x}"
            events.append((ts(issue.created_at) or "", {
                "sha": sha, "node_id": f"C_{sha}", "event": "committed",
                "url": f"{self.api}/repos/{issue.repo}/git/commits/{sha}",
                "html_url": f"{self.web}/{issue.repo}/commit/{sha}",
                "author": {"name": issue.user, "email": f"{issue.user}@example.com",
                           "date": ts(issue.created_at)},
                "message": issue.title,
            }))
        for comment in issue.comments:
            events.append((ts(comment.created_at) or "", {
                **self.comment(issue, comment), "event": "commented",
                "actor": self.user(comment.user),
            }))
        for review in issue.reviews:
            if review.state == "PENDING" or review.submitted_at is None:
                continue
            shaped = self.review(issue, review)
            events.append((ts(review.submitted_at) or "", {
                **shaped, "state": review.state.lower(), "event": "reviewed",
            }))
        for change in issue.label_changes:
            known = self.data.repos[issue.repo].labels.get(change.label)
            events.append((ts(change.created_at) or "", {
                "id": change.id, "node_id": f"LE_{change.id}",
                "url": f"{self.api}/repos/{issue.repo}/issues/events/{change.id}",
                "actor": self.user(change.actor),
                "event": "labeled" if change.added else "unlabeled",
                "commit_id": None, "commit_url": None, "created_at": ts(change.created_at),
                "label": {"name": change.label, "color": known.color if known else "ededed"},
                "performed_via_github_app": None,
            }))
        for kind, when, actor in (("merged", issue.merged_at, issue.merged_by),
                                  ("closed", issue.closed_at, issue.merged_by or issue.user)):
            if when is not None:
                events.append((ts(when) or "", {
                    "id": issue.id * 10 + len(events), "node_id": f"E_{issue.id}_{kind}",
                    "url": f"{self.api}/repos/{issue.repo}/issues/events/{issue.id}",
                    "actor": self.user(actor), "event": kind,
                    "commit_id": issue.merge_commit_sha, "created_at": ts(when),
                    "performed_via_github_app": None,
                }))
        return [event for _, event in sorted(events, key=lambda e: e[0])]

    def comment(self, issue: Issue, comment: Comment) -> dict[str, Any]:
        kind = "pull" if issue.is_pr else "issues"
        return {
            "id": comment.id,
            "node_id": f"IC_{comment.id}",
            "url": f"{self.api}/repos/{issue.repo}/issues/comments/{comment.id}",
            "html_url": f"{self.web}/{issue.repo}/{kind}/{issue.number}#issuecomment-{comment.id}",
            "body": comment.body,
            "user": self.user(comment.user),
            "created_at": ts(comment.created_at),
            "updated_at": ts(comment.updated_at),
            "issue_url": f"{self.api}/repos/{issue.repo}/issues/{issue.number}",
            "author_association": comment.author_association,
        }

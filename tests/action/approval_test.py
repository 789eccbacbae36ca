#!/usr/bin/env python3
"""`kubectl-migrate approval` against fake_github.py (GitHub's documented responses).

Usage: approval_test.py PATH/TO/kubectl-migrate
"""
import json
import os
import subprocess
import sys
import tempfile
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
BINARY = None
TOKEN = "ghs_fakeTokenForTests0123456789abcdefXYZ"


class FakeGitHub:
    def __init__(self, page_size, *extra):
        self.dir = tempfile.TemporaryDirectory(prefix="km-fake-github-")
        self.log = os.path.join(self.dir.name, "requests.jsonl")
        port_file = os.path.join(self.dir.name, "port")
        self.process = subprocess.Popen(
            [sys.executable, os.path.join(HERE, "fake_github.py"), "--token", TOKEN,
             "--page-size", str(page_size), "--log", self.log, "--port-file", port_file, *extra])
        for _ in range(100):
            if os.path.exists(port_file):
                break
            time.sleep(0.05)
        prefix = extra[extra.index("--prefix") + 1] if "--prefix" in extra else ""
        with open(port_file, encoding="utf-8") as f:
            self.url = "http://127.0.0.1:" + f.read().strip() + prefix

    def requests(self):
        with open(self.log, encoding="utf-8") as f:
            return [json.loads(line) for line in f]

    def close(self):
        self.process.terminate()
        self.process.wait()
        self.dir.cleanup()


class Approval(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.github = FakeGitHub(page_size=2)

    @classmethod
    def tearDownClass(cls):
        cls.github.close()

    def approval(self, run_id, *flags, token=TOKEN, attempt=1, github=None):
        env = dict(os.environ, GITHUB_API_URL=(github or self.github).url, GITHUB_TOKEN=token,
                   GITHUB_REPOSITORY="yomu/api", GITHUB_RUN_ATTEMPT=str(attempt))
        env.pop("GITHUB_SHA", None)  # a CI job's own; each test passes --sha when it needs one
        result = subprocess.run(
            [BINARY, "approval", "--run-id", str(run_id), "--environment", "production", *flags],
            env=env, capture_output=True, text=True, timeout=60)
        for stream in (result.stdout, result.stderr) if token else ():
            self.assertNotIn(token, stream, "the token was printed")
        return result

    def test_approved_prints_the_approver(self):
        result = self.approval(101, "--require-other-than", "ana")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout, 'run 101 attempt 1 approved for production by bea: "Ship it!"\n')

    def test_json_names_the_approver(self):
        result = self.approval(101, "-o", "json")
        self.assertEqual(result.returncode, 0, result.stderr)
        decision = json.loads(result.stdout)
        self.assertEqual((decision["approved"], decision["approver"], decision["comment"]),
                         (True, "bea", "Ship it!"))
        self.assertEqual((decision["run_attempt"], decision["deployment_id"],
                          decision["attempt_started_at"]), (1, 1010, "2026-11-20T09:00:00Z"))

    def test_request_uses_bearer_token_and_github_headers(self):
        before = len(self.github.requests())
        self.assertEqual(self.approval(101).returncode, 0)
        requests = self.github.requests()[before:]
        self.assertTrue(all(r["authorized"] for r in requests))
        self.assertEqual([r["path"] for r in requests], [
            "/repos/yomu/api/actions/runs/101/attempts/1",
            "/repos/yomu/api/deployments?sha=%040x&per_page=100" % (0xabc0000 + 101),
            "/repos/yomu/api/deployments/1010/statuses?per_page=100",
            "/repos/yomu/api/deployments/1010/statuses?per_page=2&page=2",
            "/repos/yomu/api/actions/runs/101/approvals?per_page=100"])
        self.assertEqual(requests[-1]["headers"]["Accept"], "application/vnd.github+json")
        self.assertEqual(requests[-1]["headers"]["X-GitHub-Api-Version"], "2022-11-28")

    def test_approval_by_the_actor_is_refused_when_another_reviewer_is_required(self):
        result = self.approval(102, "--require-other-than", "ana")
        self.assertEqual(result.returncode, 11, result.stderr)
        self.assertIn("approved only by ana, who started attempt 1 of run 102", result.stderr)
        self.assertEqual(self.approval(102).returncode, 0)

    def test_rejection_is_refused_naming_the_reviewer(self):
        result = self.approval(103)
        self.assertEqual(result.returncode, 11, result.stderr)
        self.assertIn('was rejected by bea ("not on a Friday")', result.stderr)

    def test_approval_for_another_environment_only_is_refused(self):
        result = self.approval(104, "-o", "json")
        self.assertEqual(result.returncode, 11, result.stderr)
        self.assertFalse(json.loads(result.stdout)["approved"])
        self.assertIn('no approval for environment "production" (only for "staging")', result.stderr)

    def test_an_attempt_never_held_for_review_says_to_configure_required_reviewers(self):
        result = self.approval(106)
        self.assertEqual(result.returncode, 11, result.stderr)
        self.assertIn("was never held for review: environment \"production\" has no required "
                      "reviewers (Settings > Environments > production > Required reviewers)",
                      result.stderr)
        self.assertEqual(result.stderr.count("\n"), 1, "one line")

    def test_every_page_is_read(self):
        before = len(self.github.requests())
        result = self.approval(105, "-o", "json", attempt=2)
        self.assertEqual(result.returncode, 0, result.stderr)
        decision = json.loads(result.stdout)
        self.assertEqual((decision["approver"], decision["reviews"]), ("ana or dora", 5))
        pages = [r["path"] for r in self.github.requests()[before:] if "/approvals" in r["path"]]
        self.assertEqual(len(pages), 3, pages)
        self.assertTrue(pages[2].endswith("page=3"), pages)

    # Re-run attempts: the review history has no attempt and no time; the deployment statuses do.
    def test_a_rerun_never_held_is_refused_despite_the_first_attempts_approval(self):
        result = self.approval(109, attempt=2)
        self.assertEqual(result.returncode, 11, result.stderr)
        self.assertIn("deployment 1091 of attempt 2 of run 109 (started 2026-11-20T10:00:00Z) "
                      "was never held for review", result.stderr)
        self.assertEqual(self.approval(109, attempt=1).returncode, 0)

    def test_self_approval_of_a_rerun_is_refused(self):
        # ana pushed, bea approved attempt 1; carl re-ran it and approved attempt 2 himself.
        result = self.approval(110, "--require-other-than", "carl", attempt=2)
        self.assertEqual(result.returncode, 11, result.stderr)
        self.assertIn("does not say which approval released attempt 2 of run 110", result.stderr)
        # The attempt's triggering actor comes from the API too: passing the run's actor
        # (github.actor, the original pusher) does not let carl's own approval through.
        self.assertEqual(self.approval(110, "--require-other-than", "ana", attempt=2).returncode, 11)

    def test_a_rerun_approved_by_another_reviewer_passes(self):
        result = self.approval(113, "--require-other-than", "carl", "-o", "json", attempt=2)
        self.assertEqual(result.returncode, 0, result.stderr)
        decision = json.loads(result.stdout)
        self.assertEqual((decision["approver"], decision["triggering_actor"], decision["deployment_id"]),
                         ("bea", "carl", 1131))
        self.assertIn("held 2 times", decision["evidence"])

    def test_this_attempt_deployed_another_environment_only(self):
        result = self.approval(111)
        self.assertEqual(result.returncode, 11, result.stderr)
        self.assertIn('no deployment to environment "production" by attempt 1 of run 111', result.stderr)

    def test_a_pull_request_deploys_its_merge_commit(self):
        # The run's head_sha is the PR head; the job's deployment is of github.sha, the merge commit.
        merge = "%040x" % 0xfeed114
        self.assertEqual(self.approval(114).returncode, 11)
        result = self.approval(114, "--sha", merge, "-o", "json")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(json.loads(result.stdout)["deployment_id"], 1140)

    def test_environment_names_compare_case_insensitively(self):
        result = self.approval(112, "-o", "json")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(json.loads(result.stdout)["approver"], "bea")

    def test_missing_attempt_is_a_usage_error(self):
        env = dict(os.environ, GITHUB_API_URL=self.github.url, GITHUB_TOKEN=TOKEN,
                   GITHUB_REPOSITORY="yomu/api")
        env.pop("GITHUB_RUN_ATTEMPT", None)
        result = subprocess.run([BINARY, "approval", "--run-id", "101"], env=env,
                                capture_output=True, text=True, timeout=60)
        self.assertEqual(result.returncode, 2, result.stderr)
        self.assertIn("--run-attempt (or $GITHUB_RUN_ATTEMPT) is required", result.stderr)

    def test_github_enterprise_server(self):
        ghes = FakeGitHub(2, "--prefix", "/api/v3", "--server-url", "https://ghe.example.com")
        try:
            result = self.approval(110, "--require-other-than", "ana", attempt=1, github=ghes)
            self.assertEqual(result.returncode, 0, result.stderr)
            paths = [r["path"] for r in ghes.requests()]
            self.assertTrue(all(p.startswith("/api/v3/repos/yomu/api/") for p in paths), paths)
            self.assertIn("/api/v3/repos/yomu/api/deployments/1100/statuses?per_page=2&page=2", paths)
        finally:
            ghes.close()

    def test_bad_credentials_is_one_clear_line(self):
        result = self.approval(101, token="ghs_revokedTokenNoLongerValid987654321")
        self.assertEqual(result.returncode, 7, result.stderr)
        self.assertEqual(
            result.stderr,
            "kubectl-migrate: error: GitHub API GET /repos/yomu/api/actions/runs/101/attempts/1: "
            "HTTP 401 \"Bad credentials\": the token in GITHUB_TOKEN was refused (expired or "
            "revoked); pass the job's token, GITHUB_TOKEN: ${{ github.token }}\n")

    def test_unknown_run_is_not_found(self):
        result = self.approval(999)
        self.assertEqual(result.returncode, 7, result.stderr)
        self.assertIn('HTTP 404 "Not Found": no such run in this repository', result.stderr)

    def test_rate_limit_says_when_it_resets(self):
        result = self.approval(107)
        self.assertEqual(result.returncode, 7, result.stderr)
        self.assertIn("API rate limit reached; it resets at 22:13:20 UTC", result.stderr)

    def test_missing_permission_asks_for_actions_read(self):
        result = self.approval(108)
        self.assertEqual(result.returncode, 7, result.stderr)
        self.assertIn("permissions: actions: read", result.stderr)

    def test_missing_token_is_a_usage_error(self):
        result = self.approval(101, token="")
        self.assertEqual(result.returncode, 2, result.stderr)
        self.assertIn("GITHUB_TOKEN is not set", result.stderr)


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: approval_test.py PATH/TO/kubectl-migrate")
    BINARY = sys.argv.pop(1)
    unittest.main(verbosity=2)

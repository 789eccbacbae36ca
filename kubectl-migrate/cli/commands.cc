#include "cli/commands.h"

#include "cli/database_flags.h"
#include "cli/project_defaults.h"

namespace km::cli {
namespace {

// A command's flags plus --config, for the commands that read the project file.
template <std::vector<FlagSpec> (*Flags)()>
std::vector<FlagSpec> WithProjectFlags() {
  return Concat(Flags(), ProjectFlags());
}

}  // namespace

const std::vector<Command>& Commands() {
  static const std::vector<Command> kCommands = {
      {"apply", "Apply pending migrations to the database (what the Job runs)",
       "kubectl migrate apply [--dir migrations] [--database-url URL] [flags]\n\n"
       "Applies the Drizzle Kit migrations in --dir that the database has not seen, under a\n"
       "PostgreSQL advisory lock, each in its own transaction, recording them in drizzle-orm's\n"
       "table. --dir is a 0.x folder (meta/_journal.json + <tag>.sql) or a v1 one\n"
       "(<YYYYMMDDhhmmss>_<name>/migration.sql); a v1 history table (name, applied_at) gets\n"
       "those columns written too. Refuses before running anything when an applied file was\n"
       "edited (drift), the table has rows with no file, or a migration is older than the\n"
       "newest applied one (out-of-order) and --out-of-order does not apply it (by default it\n"
       "does for v1 folders, as drizzle-orm v1 does). Emits one JSON event per line (or text\n"
       "on a terminal).",
       WithProjectFlags<ApplyFlags>, RunApply},
      {"run", "Run the migrations as a Kubernetes Job; wait, stream logs, roll back on failure",
       "kubectl migrate run [-n NAMESPACE] [--app NAME] [--migrations DIR] [--rollback "
       "deployment/NAME]\n"
       "                    [--timeout 300s] [-o json] [flags] [-- COMMAND ARGS...]\n\n"
       "Creates a Job from manifests/migration-job.yaml (compiled in; --manifest FILE for "
       "another)\n"
       "named <app>-migrate-<UTC time>-<suffix>, labelled with the app, commit, schema version "
       "and\n"
       "who triggered it. --migrations ships a local Drizzle folder as an immutable ConfigMap "
       "owned\n"
       "by the Job. Streams the logs of every pod attempt, and waits until the Job succeeds or "
       "fails\n"
       "(whichever comes first) or --timeout passes. On failure or timeout it runs `rollout undo`\n"
       "for each --rollback deployment. Words after -- replace the container's command. At the "
       "end\n"
       "it saves a run record in ConfigMap kubectl-migrate-runs-<app> (kubectl migrate logs).\n\n"
       "Exit codes: 0 succeeded; 1 failed (no rollback asked); 8 failed, rolled back; 9 failed,\n"
       "a rollback failed; 10 timed out (after rollbacks); 13 its pod could not start or be "
       "created\n"
       "(the Job stopped, the reason shown); 2 usage or kubeconfig; 7 API error (e.g. Forbidden);\n"
       "6 interrupted (the Job keeps running).",
       WithProjectFlags<RunFlags>, RunRun},
      {"plan", "Show what apply would run, statement by statement; changes nothing",
       "kubectl migrate plan [--dir migrations] [--database-url URL] [flags]",
       WithProjectFlags<PlanFlags>, RunPlan},
      {"baseline", "Record migrations up to a tag as applied without running them",
       "kubectl migrate baseline --to TAG [--dir migrations] [--database-url URL]\n\n"
       "For a database created before migrations were used (e.g. by an init.sql): records\n"
       "every migration up to and including TAG in drizzle-orm's table without running it.\n"
       "Refuses when the table already disagrees with the folder.",
       WithProjectFlags<BaselineFlags>, RunBaseline},
      {"status", "Show recent migration Jobs and applied, pending, drifted migrations",
       "kubectl migrate status [-n NAMESPACE] [--app NAME] [--dir migrations] [--database-url "
       "URL]\n"
       "                       [-o json]\n\n"
       "Cluster: the newest migration Jobs in the namespace (outcome, duration, age, commit,\n"
       "schema version, who triggered them) and the running one, shown when a kubeconfig is at\n"
       "hand or a kube flag is given, then the app's recent run records (also of Jobs already\n"
       "deleted; kubectl migrate logs shows one). Database: applied / pending / drifted / "
       "out-of-order per\n"
       "migration in --dir and the lock holder, shown when --database-url or DATABASE_URL is set.\n"
       "-o json: {\"cluster\": {...} or null, \"database\": {...} or null}.",
       WithProjectFlags<DbStatusFlags>, RunDbStatus},
      {"wait", "Wait until the database has this folder's migrations (an init container's gate)",
       "kubectl migrate wait [--dir migrations] [--schema-version TAG] [--timeout 5m] "
       "[--database-url URL]\n\n"
       "Reads drizzle-orm's history table every --interval until every migration in --dir (or\n"
       "those up to and including --schema-version) is applied: as an init container of the app\n"
       "(the image's own migrations folder), new pods start only once their schema is there,\n"
       "whoever applies it and however long ago its Job was deleted. Read only: no lock, no\n"
       "table created. Progress on stderr when what is missing changes.\n\n"
       "Exit codes: 0 ready; 10 timed out (naming what is missing); 3 an awaited migration was\n"
       "applied from another file (drifted), or a broken folder; 5 the database never answered;\n"
       "2 usage (e.g. --schema-version not in the folder); 6 interrupted.",
       WithProjectFlags<WaitFlags>, RunWait},
      {"logs",
       "Show a finished run's record: outcome, exit codes, last log lines (also after its Job is "
       "gone)",
       "kubectl migrate logs [-n NAMESPACE] [--app NAME] [--failed | --job NAME] [-o json]\n\n"
       "Every `run` that created a Job saves a record in ConfigMap kubectl-migrate-runs-<app>\n"
       "(the newest 20 per app): outcome, run's exit code, each attempt's exit code, the\n"
       "runner's summary and error line, what committed, the rollbacks, and the last 50 lines\n"
       "(at most 8 KiB, passwords hidden) of the attempt that decided it. The Job's TTL deletes\n"
       "the Job and its logs; the record stays. Shows the last run, the last run that did not\n"
       "succeed (--failed), or the run of a Job (--job).\n\n"
       "Exit codes: 0 shown; 16 nothing recorded that matches; 3 the record ConfigMap is not a\n"
       "run history; 7 API error; 2 usage or kubeconfig.",
       WithProjectFlags<LogsFlags>, RunLogs},
      {"lint", "Check migrations for locks, table rewrites and rollback-breaking changes",
       "kubectl migrate lint [--dir migrations] [--database-url URL | --base REV] [-o "
       "json|github]\n\n"
       "Parses every statement with PostgreSQL's own parser and reports, per rule, the lock it\n"
       "takes, what that blocks and the safe alternative. Knows the migration set: tables created\n"
       "by a pending migration are new and empty, so locking them is harmless; and how the runner\n"
       "runs each file (one transaction, or statement by statement). Pending: every migration,\n"
       "those the database has not applied (--database-url), or those the Git range adds "
       "(--base).\n"
       "A comment line `-- kubectl-migrate:lint-ignore RULE reason` right before a statement\n"
       "silences RULE there. --rules lists the rules.\n\n"
       "Exit codes: 0 clean; 14 errors; 15 warnings only (--fail-on warning, the default);\n"
       "2 usage; 3 broken folder; 5 database unreachable.",
       LintFlags, RunLint},
      {"changed", "List migration files changed between two commits",
       "kubectl migrate changed --base REV [--head REV] [--path DIR] [-o json]\n\n"
       "Which files under --path a range of commits added, modified, deleted or renamed,\n"
       "like `git diff --name-status -M base...head`, and which edits touch migrations\n"
       "that already existed at the base. Exit 0 whether or not anything changed.",
       ChangedFlags, RunChanged},
      {"approval", "Check that a GitHub Actions run was approved for an environment",
       "kubectl migrate approval [--repo OWNER/REPO] [--run-id ID] [--run-attempt N] [--sha SHA]\n"
       "                         [--environment production] [--require-other-than LOGIN] [-o "
       "json]\n\n"
       "Proves that THIS attempt of the run was held for the environment's reviewers and\n"
       "released: the attempt (its start, commit, triggering actor), the commit's deployments of\n"
       "the environment and their statuses (`waiting`, then released, after the attempt began),\n"
       "and the run's review history, from the GitHub API ($GITHUB_API_URL, token from\n"
       "$GITHUB_TOKEN, never printed). Environment names compare case-insensitively. Exit codes:\n"
       "0 approved; 11 not held for review in this attempt, rejected, not reviewed, approved only\n"
       "for another environment, or possibly only by --require-other-than or the attempt's\n"
       "triggering actor; 7 GitHub API error (bad token, missing `actions: read` or\n"
       "`deployments: read`, rate limit).",
       ApprovalFlags, RunApproval},
      {"version", "Print the version and commit", "kubectl migrate version [-o json]", VersionFlags,
       RunVersion},
      {"completion", "Print a bash or zsh completion script",
       "kubectl-migrate completion bash|zsh\n\n"
       "  source <(kubectl-migrate completion bash)   # bash, e.g. in ~/.bashrc\n"
       "  source <(kubectl-migrate completion zsh)    # zsh, in ~/.zshrc after compinit\n\n"
       "For `kubectl migrate <TAB>` (kubectl 1.26 or newer) put the kubectl_complete-migrate\n"
       "script from the release archive on PATH next to kubectl-migrate. Both ask\n"
       "`kubectl-migrate completion words -- WORDS...` for the candidates (Cobra's format).",
       CompletionFlags, RunCompletion},
  };
  return kCommands;
}

}  // namespace km::cli

package e2e

// Tests of the node itself (kubelet + containerd + runc, tests/cluster/node): what a user's cluster
// does with images, Secrets, limits, the read-only root filesystem, deletion and logs.

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const (
	runnerImage = "ghcr.io/kubectl-migrate/kubectl-migrate:0.1.0" // manifests/migration-job.yaml's image, built locally
	toolsImage  = "ghcr.io/example/yomu-migrate:1.0.0"            // the runner image plus busybox
)

// nodePod is a restricted Pod in yomu running as 65532 with a read-only root filesystem and the
// template's resources (256Mi limit); extra goes under the container.
func nodePod(name, image, extra string, command ...string) string {
	cmd, _ := json.Marshal(command)
	return fmt.Sprintf(`apiVersion: v1
kind: Pod
metadata: {name: %s, namespace: yomu}
spec:
  restartPolicy: Never
  automountServiceAccountToken: false
  terminationGracePeriodSeconds: 30
  securityContext: {runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, seccompProfile: {type: RuntimeDefault}}
  containers:
  - name: main
    image: %s
    command: %s
    securityContext: {allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: {drop: [ALL]}}
    resources: {requests: {cpu: 100m, memory: 128Mi}, limits: {cpu: 200m, memory: 256Mi}}
%s
`, name, image, cmd, indent(extra, "    "))
}

type containerState struct {
	Waiting    *struct{ Reason, Message string }
	Running    *struct{ StartedAt string }
	Terminated *struct {
		ExitCode int
		Reason   string
		Message  string
	}
}

type fullPod struct {
	Metadata struct{ Name, UID string }
	Status   struct {
		Phase             string
		ContainerStatuses []struct{ State containerState }
	}
}

func (c *cluster) podState(t *testing.T, name string) (*fullPod, error) {
	out, err := c.run("", "-n", "yomu", "get", "pod", name, "-o", "json")
	if err != nil {
		return nil, err
	}
	var p fullPod
	if err := json.Unmarshal([]byte(out), &p); err != nil {
		return nil, err
	}
	return &p, nil
}

func (c *cluster) deletePod(t *testing.T, name string) {
	t.Cleanup(func() {
		_, _ = c.run("", "-n", "yomu", "delete", "pod", name, "--ignore-not-found", "--wait=false", "--grace-period=1")
	})
}

// waitContainer polls the pod until its container's state satisfies ok; returns that state.
func (c *cluster) waitContainer(t *testing.T, pod string, limit time.Duration, what string, ok func(containerState) bool) containerState {
	t.Helper()
	var last containerState
	eventually(t, limit, what, func() (bool, error) {
		p, err := c.podState(t, pod)
		if err != nil {
			return false, err
		}
		if len(p.Status.ContainerStatuses) == 0 {
			return false, fmt.Errorf("no container status yet (phase %s)", p.Status.Phase)
		}
		last = p.Status.ContainerStatuses[0].State
		b, _ := json.Marshal(last)
		return ok(last), fmt.Errorf("state %s", b)
	})
	return last
}

func TestNodeRunsRealContainers(t *testing.T) {
	c := getCluster(t)
	name := uniqueName("real")
	c.deletePod(t, name)
	c.apply(t, "admin", nodePod(name, toolsImage, "", "sh", "-c", "id -u; cat /proc/1/cgroup | head -n1; exit 3"))
	st := c.waitContainer(t, name, 2*time.Minute, "the container to exit", func(s containerState) bool { return s.Terminated != nil })
	if st.Terminated.ExitCode != 3 || st.Terminated.Reason != "Error" {
		t.Fatalf("terminated %+v, want exit code 3, reason Error", st.Terminated)
	}
	out := c.must(t, "-n", "yomu", "logs", name)
	if !strings.HasPrefix(out, "65532\n") {
		t.Fatalf("log %q: want the container to run as uid 65532", out)
	}
}

func TestNodeAbsentImageFailsLocally(t *testing.T) {
	c := getCluster(t)
	for _, tc := range []struct{ policy, want string }{
		{"Never", "ErrImageNeverPull"},
		{"IfNotPresent", "ErrImagePull|ImagePullBackOff"},
	} {
		name := uniqueName("noimage-" + strings.ToLower(tc.policy))
		c.deletePod(t, name)
		c.apply(t, "admin", nodePod(name, "ghcr.io/nope/doesnotexist:1", "imagePullPolicy: "+tc.policy, "x"))
		st := c.waitContainer(t, name, time.Minute, "reason "+tc.want, func(s containerState) bool {
			return s.Waiting != nil && strings.Contains("|"+tc.want+"|", "|"+s.Waiting.Reason+"|")
		})
		if tc.policy == "IfNotPresent" {
			// the pull went to containerd's only "registry", 127.0.0.1:1 (node/start), not to ghcr.io
			events := c.must(t, "-n", "yomu", "get", "events", "--field-selector", "involvedObject.name="+name, "-o", "jsonpath={.items[*].message}")
			if !strings.Contains(events, "127.0.0.1:1") || strings.Contains(events, "no such host") {
				t.Errorf("pull events do not show a local failure: %s (waiting: %+v)", events, st.Waiting)
			}
		}
	}
}

func TestNodeMissingSecretIsCreateContainerConfigError(t *testing.T) {
	c := getCluster(t)
	name := uniqueName("nosecret")
	c.deletePod(t, name)
	c.apply(t, "admin", nodePod(name, runnerImage, "envFrom:\n- secretRef: {name: kubectl-migrate-db-absent}", "kubectl-migrate", "version"))
	st := c.waitContainer(t, name, time.Minute, "CreateContainerConfigError", func(s containerState) bool {
		return s.Waiting != nil && s.Waiting.Reason == "CreateContainerConfigError"
	})
	if !strings.Contains(st.Waiting.Message, `secret "kubectl-migrate-db-absent" not found`) {
		t.Fatalf("waiting message %q does not name the missing Secret", st.Waiting.Message)
	}
}

func TestNodeMemoryLimitOOMKills(t *testing.T) {
	c := getCluster(t)
	name := uniqueName("oom")
	c.deletePod(t, name)
	// dd's 400 MiB block buffer alone is past the 256Mi limit of manifests/migration-job.yaml; dd is
	// the container's main process, as the runner is
	c.apply(t, "admin", nodePod(name, toolsImage, "", "sh", "-c", "echo allocating; exec dd if=/dev/zero of=/dev/null bs=400M count=1"))
	st := c.waitContainer(t, name, 2*time.Minute, "the container to end", func(s containerState) bool { return s.Terminated != nil })
	if st.Terminated.ExitCode != 137 || st.Terminated.Reason != "OOMKilled" {
		t.Fatalf("terminated %+v, want OOMKilled with exit code 137", st.Terminated)
	}
}

func TestNodeReadOnlyRootFilesystem(t *testing.T) {
	c := getCluster(t)
	name := uniqueName("rofs")
	c.deletePod(t, name)
	c.apply(t, "admin", nodePod(name, toolsImage, "", "sh", "-c",
		"for f in /tmp/x /home/nonroot/x /x; do touch $f 2>&1 || echo refused $f; done; exit 0"))
	c.waitContainer(t, name, 2*time.Minute, "the container to end", func(s containerState) bool { return s.Terminated != nil })
	out := c.must(t, "-n", "yomu", "logs", name)
	for _, f := range []string{"/tmp/x", "/home/nonroot/x", "/x"} {
		if !strings.Contains(out, "refused "+f) {
			t.Errorf("writing %s was not refused:\n%s", f, out)
		}
	}
	if !strings.Contains(out, "Read-only file system") {
		t.Errorf("no EROFS in the log:\n%s", out)
	}
}

func TestNodeLogFollowEndsWhenTheContainerExits(t *testing.T) {
	c := getCluster(t)
	name := uniqueName("follow")
	c.deletePod(t, name)
	c.apply(t, "admin", nodePod(name, toolsImage, "", "sh", "-c", "echo one; sleep 3; echo two"))
	c.waitContainer(t, name, time.Minute, "the container to run", func(s containerState) bool { return s.Running != nil || s.Terminated != nil })
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	start := time.Now()
	// served by the kubelet through the apiserver's pods/log proxy; ends by itself when the container exits
	out, err := exec.CommandContext(ctx, c.kubectl, "--kubeconfig", c.env["KUBECONFIG"], "--context", "deployer",
		"-n", "yomu", "logs", "-f", name).CombinedOutput()
	if err != nil || string(out) != "one\ntwo\n" {
		t.Fatalf("kubectl logs -f: %v, output %q (want one/two)", err, out)
	}
	if took := time.Since(start); took > 30*time.Second {
		t.Fatalf("follow took %s to end after a 3 s container", took)
	}
}

// testPostgres starts the PostgreSQL fixture for this test, reachable by pods (tests/cluster/expose);
// returns its env (DATABASE_URL for the host) and the DATABASE_URL pods use.
func testPostgres(t *testing.T, c *cluster) (map[string]string, string) {
	t.Helper()
	pgScript, err := filepath.Abs("../../support/postgres")
	if err != nil {
		t.Fatal(err)
	}
	dir, err := os.MkdirTemp("", "km-cluster-pg-")
	if err != nil {
		t.Fatal(err)
	}
	_ = os.Chmod(dir, 0o755) // the server runs as user postgres when we are root
	t.Cleanup(func() { _ = exec.Command(pgScript, "stop", dir).Run(); _ = os.RemoveAll(dir) })
	if out, err := exec.Command(pgScript, "start", dir).CombinedOutput(); err != nil {
		t.Fatalf("starting PostgreSQL: %v\n%s", err, out)
	}
	env := map[string]string{}
	raw, err := os.ReadFile(filepath.Join(dir, "env"))
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(string(raw), "\n") {
		if k, v, ok := strings.Cut(l, "="); ok {
			env[k] = v
		}
	}
	expose, _ := filepath.Abs("../expose")
	host, err := exec.Command(expose, c.dir, env["PGPORT"]).Output()
	if err != nil {
		t.Fatalf("expose %s: %v", env["PGPORT"], err)
	}
	return env, strings.Replace(env["DATABASE_URL"], "@127.0.0.1:", "@"+strings.TrimSpace(string(host))+":", 1)
}

func TestNodeDeletingTheJobPodSendsSigtermToTheRunner(t *testing.T) {
	c := getCluster(t)
	pg, podURL := testPostgres(t, c)
	name := uniqueName("sigterm")
	c.deleteJob(t, name)
	t.Cleanup(func() { _, _ = c.run("", "-n", "yomu", "delete", "configmap,secret", name, "--ignore-not-found") })
	journal := `{"version":"7","dialect":"postgresql","entries":[` +
		`{"idx":0,"version":"7","when":1000,"tag":"0000_a","breakpoints":true},` +
		`{"idx":1,"version":"7","when":2000,"tag":"0001_slow","breakpoints":true}]}`
	cm, _ := json.Marshal(map[string]any{"apiVersion": "v1", "kind": "ConfigMap",
		"metadata": map[string]string{"name": name, "namespace": "yomu"},
		"data": map[string]string{"_journal.json": journal, "0000_a.sql": "CREATE TABLE a (id int);",
			"0001_slow.sql": "CREATE TABLE half (id int);\n--> statement-breakpoint\nSELECT pg_sleep(120);"}})
	c.apply(t, "admin", string(cm))
	c.must(t, "-n", "yomu", "create", "secret", "generic", name, "--from-literal=DATABASE_URL="+podURL)
	podSpec := fmt.Sprintf(`terminationGracePeriodSeconds: 30
volumes:
- name: migrations
  configMap:
    name: %[1]s
    items: [{key: _journal.json, path: meta/_journal.json}, {key: 0000_a.sql, path: 0000_a.sql}, {key: 0001_slow.sql, path: 0001_slow.sql}]`, name)
	container := fmt.Sprintf(`imagePullPolicy: Never
envFrom: [{secretRef: {name: %s}}]
volumeMounts: [{name: migrations, mountPath: /migrations, readOnly: true}]
resources: {limits: {memory: 256Mi}}`, name)
	m := jobManifest(name, "backoffLimit: 0", podSpec, container, "kubectl-migrate", "apply", "--dir", "/migrations", "--output", "json")
	m = strings.Replace(m, "image: ghcr.io/example/yomu-migrate:1.0.0", "image: "+runnerImage, 1)
	m = strings.Replace(m, "capabilities: {drop: [ALL]}", "capabilities: {drop: [ALL]}\n          readOnlyRootFilesystem: true", 1)
	c.apply(t, "deployer", m)

	var pod string
	eventually(t, 2*time.Minute, "the runner to be inside 0001_slow", func() (bool, error) {
		pods := c.jobPods(t, name)
		if len(pods) == 0 {
			return false, fmt.Errorf("no pod")
		}
		pod = pods[0].Metadata.Name
		out, err := c.run("", "-n", "yomu", "logs", pod)
		return strings.Contains(out, `"event":"migration_started","tag":"0001_slow"`), fmt.Errorf("%v: %s", err, out)
	})
	// every state the pod goes through until it is gone, and its whole log
	watch := exec.Command(c.kubectl, "--kubeconfig", c.env["KUBECONFIG"], "-n", "yomu", "get", "pod", pod, "--watch", "-o", "json", "--output-watch-events")
	stdout, _ := watch.StdoutPipe()
	if err := watch.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = watch.Process.Kill(); _ = watch.Wait() }()
	logs := exec.Command(c.kubectl, "--kubeconfig", c.env["KUBECONFIG"], "-n", "yomu", "logs", "-f", pod)
	logOut := &strings.Builder{}
	logs.Stdout = logOut
	if err := logs.Start(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(500 * time.Millisecond)
	c.must(t, "-n", "yomu", "delete", "pod", pod, "--wait=false")

	exit := -1
	dec := json.NewDecoder(bufio.NewReader(stdout))
	deadline := time.AfterFunc(time.Minute, func() { _ = watch.Process.Kill() })
	defer deadline.Stop()
	for {
		var ev struct {
			Type   string
			Object fullPod
		}
		if err := dec.Decode(&ev); err != nil {
			break
		}
		for _, cs := range ev.Object.Status.ContainerStatuses {
			if cs.State.Terminated != nil {
				exit = cs.State.Terminated.ExitCode
			}
		}
		if ev.Type == "DELETED" {
			break
		}
	}
	_ = logs.Wait()
	if exit != 6 {
		t.Errorf("runner's exit code %d, want 6 (interrupted by SIGTERM); log:\n%s", exit, logOut)
	}
	for _, want := range []string{`"event":"migration_failed"`, `"event":"lock_released"`, `"event":"summary"`} {
		if !strings.Contains(logOut.String(), want) {
			t.Errorf("runner log lacks %s:\n%s", want, logOut)
		}
	}
	psql := filepath.Join(pg["PG_BIN"], "psql")
	out, err := exec.Command(psql, pg["DATABASE_URL"], "-qAt", "-c",
		"SELECT string_agg(tablename, ',' ORDER BY tablename) FROM pg_tables WHERE schemaname = 'public'",
		"-c", "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'").CombinedOutput()
	if err != nil || strings.TrimSpace(string(out)) != "a\n0" {
		t.Fatalf("database after SIGTERM: %v %q; want only table a (half rolled back) and no advisory lock", err, out)
	}
}

// The kubelet runs as the node it is (user system:node:km-node in group system:nodes), not as an
// administrator: the Node authorizer keeps it from Secrets no pod on it uses, and NodeRestriction
// from the labels reserved to administrators. A kubelet with admin credentials would hide RBAC
// mistakes a user's cluster shows.
func TestNodeKubeletHasItsOwnNodeIdentity(t *testing.T) {
	c := getCluster(t)
	asKubelet := func(args ...string) (string, error) {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, c.kubectl,
			append([]string{"--kubeconfig", filepath.Join(c.dir, "node", "kubelet.kubeconfig")}, args...)...)
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	who, err := asKubelet("auth", "whoami", "-o", "jsonpath={.status.userInfo.username} {.status.userInfo.groups}")
	if err != nil {
		t.Fatalf("auth whoami as the kubelet: %v: %s", err, who)
	}
	if !strings.HasPrefix(who, "system:node:km-node ") || !strings.Contains(who, "system:nodes") {
		t.Fatalf("kubelet identity = %q, want user system:node:km-node in group system:nodes", who)
	}

	secret := uniqueName("node-identity")
	c.must(t, "--context", "admin", "-n", "yomu", "create", "secret", "generic", secret, "--from-literal", "k=v")
	defer c.run("", "--context", "admin", "-n", "yomu", "delete", "secret", secret, "--wait=false")
	if out, err := asKubelet("-n", "yomu", "get", "secret", secret); err == nil || !strings.Contains(out, "Forbidden") {
		t.Fatalf("the kubelet read a Secret no pod on its node uses (err %v): %s", err, out)
	}
	out, err := asKubelet("label", "node", "km-node", "node-restriction.kubernetes.io/probe=1")
	if err == nil || !strings.Contains(out, "is not allowed to modify labels") {
		t.Fatalf("NodeRestriction let the kubelet set a reserved label on its node (err %v): %s", err, out)
	}
}

package e2e

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

func TestNodeReady(t *testing.T) {
	c := getCluster(t)
	out := c.must(t, "get", "nodes")
	found := false
	for _, l := range strings.Split(out, "\n") {
		f := strings.Fields(l)
		if len(f) >= 2 && f[0] == c.env["KM_NODE"] {
			found = true
			if f[1] != "Ready" {
				t.Fatalf("node %s is %s, want Ready:\n%s", f[0], f[1], out)
			}
		}
	}
	if !found {
		t.Fatalf("node %q not listed:\n%s", c.env["KM_NODE"], out)
	}
	v := c.must(t, "version", "-o", "json")
	var ver struct{ ClientVersion, ServerVersion struct{ GitVersion string } }
	if err := json.Unmarshal([]byte(v), &ver); err != nil {
		t.Fatal(err)
	}
	if ver.ServerVersion.GitVersion != ver.ClientVersion.GitVersion || !strings.HasPrefix(ver.ServerVersion.GitVersion, "v1.32.") {
		t.Fatalf("kubectl %s vs kube-apiserver %s: want the same v1.32.x", ver.ClientVersion.GitVersion, ver.ServerVersion.GitVersion)
	}
}

func TestKubeconfigVerifiesServerAndUsesClientCertificates(t *testing.T) {
	c := getCluster(t)
	var kc struct {
		Clusters []struct {
			Cluster map[string]any
		}
		Users []struct {
			Name string
			User map[string]any
		}
		CurrentContext string `json:"current-context"`
	}
	c.getJSON(t, &kc, "config", "view", "--raw")
	if kc.CurrentContext != "admin" {
		t.Errorf("current-context %q, want admin", kc.CurrentContext)
	}
	for _, cl := range kc.Clusters {
		if cl.Cluster["certificate-authority-data"] == nil || cl.Cluster["insecure-skip-tls-verify"] == true {
			t.Errorf("cluster entry does not verify the server: %v", cl.Cluster)
		}
	}
	for _, u := range kc.Users {
		if u.User["client-certificate-data"] == nil || u.User["client-key-data"] == nil || u.User["token"] != nil {
			t.Errorf("user %s does not authenticate with a client certificate", u.Name)
		}
	}
	var who struct {
		Status struct{ UserInfo struct{ Username string } }
	}
	c.getJSON(t, &who, "--context", "deployer", "auth", "whoami")
	if who.Status.UserInfo.Username != "deployer" {
		t.Fatalf("deployer context authenticates as %q", who.Status.UserInfo.Username)
	}
}

func TestDeployerRBAC(t *testing.T) {
	c := getCluster(t)
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"create", "jobs", "-n", "yomu"}, "yes"},
		{[]string{"get", "pods", "--subresource", "log", "-n", "yomu"}, "yes"},
		{[]string{"patch", "deployments", "-n", "yomu"}, "yes"},
		{[]string{"delete", "namespaces"}, "no"},
		{[]string{"create", "jobs", "-n", "default"}, "no"},
		{[]string{"get", "secrets", "-n", "yomu"}, "no"},
		{[]string{"create", "rolebindings", "-n", "yomu"}, "no"},
	}
	for _, tc := range cases {
		out, _ := c.run("", append([]string{"--context", "deployer", "auth", "can-i"}, tc.args...)...)
		if got := strings.TrimSpace(out); got != tc.want {
			t.Errorf("deployer can-i %s: got %q, want %q", strings.Join(tc.args, " "), got, tc.want)
		}
	}
	// and the answers hold for real requests
	if _, err := c.run("", "--context", "deployer", "delete", "namespace", "yomu", "--dry-run=server"); err == nil || !strings.Contains(err.Error(), "Forbidden") {
		t.Errorf("deployer deleting namespace yomu: want Forbidden, got %v", err)
	}
	if out := strings.TrimSpace(c.must(t, "get", "namespace", "yomu", "-o", "jsonpath={.metadata.labels.pod-security\\.kubernetes\\.io/enforce}")); out != "restricted" {
		t.Errorf("namespace yomu enforce label = %q, want restricted", out)
	}
	// and PodSecurity admission really enforces it: a default pod spec is rejected even for admin
	if _, err := c.run("", "-n", "yomu", "run", "pss-check", "--image=example/x:1", "--dry-run=server"); err == nil || !strings.Contains(err.Error(), `violates PodSecurity "restricted`) {
		t.Errorf("non-compliant pod in yomu: want a PodSecurity violation, got %v", err)
	}
}

func TestJobCompletesAndLogsStream(t *testing.T) {
	c := getCluster(t)
	name := uniqueName("stream")
	c.deleteJob(t, name)
	c.apply(t, "deployer", jobManifest(name, "backoffLimit: 0", "", "", "sh", "-c", "echo start; sleep 2; echo done"))

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	var lines []string
	var startSeen time.Time
	eventually(t, time.Minute, "kubectl logs -f to stream the first line", func() (bool, error) {
		// stop reading once both lines arrived (the stream would end when the container exits)
		cmd := exec.CommandContext(ctx, c.kubectl, "--kubeconfig", c.env["KUBECONFIG"], "--context", "deployer",
			"-n", "yomu", "logs", "-f", "job/"+name, "--pod-running-timeout=60s")
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			return false, err
		}
		var stderr strings.Builder
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			return false, err
		}
		defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
		sc := bufio.NewScanner(stdout)
		lines = nil
		for sc.Scan() {
			lines = append(lines, sc.Text())
			if sc.Text() == "start" {
				startSeen = time.Now()
			}
			if sc.Text() == "done" {
				return true, nil
			}
		}
		return false, fmt.Errorf("stream ended after %q: %s", lines, stderr.String())
	})
	if len(lines) != 2 || lines[0] != "start" || lines[1] != "done" {
		t.Fatalf("followed log lines = %q, want [start done]", lines)
	}
	// Streaming, not a dump at the end: "start" reached us before the process wrote "done"
	// (the CRI log file has the time each line was written).
	raw := c.must(t, "-n", "yomu", "logs", "job/"+name, "--timestamps")
	var doneWritten time.Time
	for _, l := range strings.Split(raw, "\n") {
		if ts, text, ok := strings.Cut(l, " "); ok && text == "done" {
			doneWritten, _ = time.Parse(time.RFC3339Nano, ts)
		}
	}
	if doneWritten.IsZero() || !startSeen.Before(doneWritten) {
		t.Fatalf("'start' received at %v, 'done' written at %v: logs were not streamed while the process ran\n%s", startSeen, doneWritten, raw)
	}
	j := c.waitJobFinished(t, name, 2*time.Minute)
	if j.condition("Complete") == nil {
		t.Fatalf("job conditions %+v, want Complete", j.Status.Conditions)
	}
	pods := c.jobPods(t, name)
	if len(pods) != 1 || pods[0].Status.Phase != "Succeeded" || pods[0].Status.ContainerStatuses[0].State.Terminated == nil ||
		pods[0].Status.ContainerStatuses[0].State.Terminated.ExitCode != 0 {
		t.Fatalf("pods %+v, want one Succeeded with exit code 0", pods)
	}
}

func TestJobBackoffLimitAndExitCode(t *testing.T) {
	c := getCluster(t)
	name := uniqueName("exit3")
	c.deleteJob(t, name)
	c.apply(t, "deployer", jobManifest(name, "backoffLimit: 1", "", "", "sh", "-c", "echo failing; exit 3"))
	// the real Job controller retries after a 10s back-off (20s before a third attempt: one retry is enough here)
	j := c.waitJobFinished(t, name, 4*time.Minute)
	if f := j.condition("Failed"); f == nil || f.Reason != "BackoffLimitExceeded" {
		t.Fatalf("job conditions %+v, want Failed/BackoffLimitExceeded", j.Status.Conditions)
	}
	pods := c.jobPods(t, name)
	if len(pods) != 2 {
		t.Fatalf("%d pods, want 2 (1 + backoffLimit 1)", len(pods))
	}
	for _, p := range pods {
		cs := p.Status.ContainerStatuses
		if p.Status.Phase != "Failed" || len(cs) != 1 || cs[0].State.Terminated == nil || cs[0].State.Terminated.ExitCode != 3 {
			t.Errorf("pod %s: phase %s, statuses %+v; want Failed with terminated.exitCode 3", p.Metadata.Name, p.Status.Phase, cs)
		}
	}
	if out := c.must(t, "-n", "yomu", "logs", pods[0].Metadata.Name); strings.TrimSpace(out) != "failing" {
		t.Errorf("pod log %q, want %q", out, "failing")
	}
}

func TestJobWithoutCommandRunsTheImageEntrypoint(t *testing.T) {
	c := getCluster(t)
	name := uniqueName("entrypoint")
	c.deleteJob(t, name)
	// the Job's image as shipped: ENTRYPOINT kubectl-migrate (node/images, like the Dockerfile)
	m := strings.Replace(jobManifest(name, "backoffLimit: 0", "", "args: [version]", "unused"), "        command: [\"unused\"]\n", "", 1)
	m = strings.Replace(m, "image: ghcr.io/example/yomu-migrate:1.0.0", "image: "+runnerImage, 1)
	if strings.Contains(m, "command:") {
		t.Fatalf("manifest still has a command:\n%s", m)
	}
	c.apply(t, "deployer", m)
	j := c.waitJobFinished(t, name, 2*time.Minute)
	out := c.must(t, "-n", "yomu", "logs", "job/"+name)
	if j.condition("Complete") == nil || !strings.HasPrefix(out, "kubectl-migrate ") {
		t.Fatalf("job %+v, log %q: want Complete and `kubectl-migrate version` output", j.Status.Conditions, out)
	}
}

func TestJobActiveDeadlineKillsProcess(t *testing.T) {
	c := getCluster(t)
	name := uniqueName("deadline")
	marker := "km-deadline-" + name
	c.deleteJob(t, name)
	// sh as PID 1 of a real container ignores SIGTERM: a short grace period, then SIGKILL
	c.apply(t, "deployer", jobManifest(name, "backoffLimit: 5\nactiveDeadlineSeconds: 10", "terminationGracePeriodSeconds: 2", "",
		"sh", "-c", "echo running; sleep 600; echo "+marker))
	// the pod's process really runs: on either node it is a process of this host (pgrep sees it) ...
	eventually(t, time.Minute, "the pod's process to run", func() (bool, error) {
		out, _ := exec.Command("pgrep", "-f", marker).Output()
		return len(strings.TrimSpace(string(out))) > 0, fmt.Errorf("no process with %s", marker)
	})
	j := c.waitJobFinished(t, name, 2*time.Minute)
	if f := j.condition("Failed"); f == nil || f.Reason != "DeadlineExceeded" {
		t.Fatalf("job conditions %+v, want Failed/DeadlineExceeded", j.Status.Conditions)
	}
	// ... and the Job controller deleted the running pod, so the node must have killed the process
	eventually(t, time.Minute, "the pod's process to be killed", func() (bool, error) {
		out, _ := exec.Command("pgrep", "-f", marker).Output()
		return len(strings.TrimSpace(string(out))) == 0, fmt.Errorf("still running: %s", out)
	})
}

func TestJobEnvVolumesAndWorkingDir(t *testing.T) {
	c := getCluster(t)
	name := uniqueName("envvol")
	c.deleteJob(t, name)
	t.Cleanup(func() { _, _ = c.run("", "-n", "yomu", "delete", "configmap,secret", name, "--ignore-not-found") })
	c.apply(t, "admin", fmt.Sprintf(`apiVersion: v1
kind: ConfigMap
metadata: {name: %[1]s, namespace: yomu}
data: {GREETING: hello-from-configmap, config.yaml: "mode: test"}
---
apiVersion: v1
kind: Secret
metadata: {name: %[1]s, namespace: yomu}
stringData: {PASSWORD: s3cret, token: tok-123}
`, name))
	container := fmt.Sprintf(`workingDir: /etc/km-test-%[1]s/config
env:
- {name: POD_NAME, valueFrom: {fieldRef: {fieldPath: metadata.name}}}
- {name: POD_NS, valueFrom: {fieldRef: {fieldPath: metadata.namespace}}}
- {name: FROM_SECRET, valueFrom: {secretKeyRef: {name: %[1]s, key: PASSWORD}}}
- {name: FROM_CM, valueFrom: {configMapKeyRef: {name: %[1]s, key: GREETING}}}
- {name: COMBINED, value: "$(FROM_CM)+$(POD_NS)"}
envFrom:
- configMapRef: {name: %[1]s}
  prefix: CM_
- secretRef: {name: %[1]s}
volumeMounts:
- {name: cfg, mountPath: /etc/km-test-%[1]s/config, readOnly: true}
- {name: sec, mountPath: /etc/km-test-%[1]s/secret, readOnly: true}`, name)
	podSpec := fmt.Sprintf(`volumes:
- {name: cfg, configMap: {name: %[1]s}}
- {name: sec, secret: {secretName: %[1]s}}`, name)
	script := `echo "pod=$POD_NAME ns=$POD_NS secret=$FROM_SECRET cm=$FROM_CM combined=$COMBINED"
echo "envFrom cm=$CM_GREETING secret=$PASSWORD/$token"
echo "cwd=$(pwd) file=$(cat config.yaml) secretfile=$(cat ../secret/token)"
touch readonly-check 2>/dev/null && echo writable || echo readonly`
	c.apply(t, "deployer", jobManifest(name, "backoffLimit: 0", podSpec, container, "sh", "-c", script))
	j := c.waitJobFinished(t, name, 2*time.Minute)
	out := c.must(t, "-n", "yomu", "logs", "job/"+name)
	if j.condition("Complete") == nil {
		t.Fatalf("job %+v did not complete; log:\n%s", j.Status.Conditions, out)
	}
	pod := c.jobPods(t, name)[0].Metadata.Name
	for _, want := range []string{
		"pod=" + pod + " ns=yomu secret=s3cret cm=hello-from-configmap combined=hello-from-configmap+yomu",
		"envFrom cm=hello-from-configmap secret=s3cret/tok-123",
		"cwd=/etc/km-test-" + name + "/config file=mode: test secretfile=tok-123",
		"readonly",
	} {
		if !strings.Contains(out, want+"\n") {
			t.Errorf("log lacks %q:\n%s", want, out)
		}
	}
	// the volumes were mounted in the container only
	if _, err := os.Stat("/etc/km-test-" + name); !os.IsNotExist(err) {
		t.Errorf("mount point /etc/km-test-%s left on the host (err=%v)", name, err)
	}
}

func TestRolloutUndoRestoresPreviousImage(t *testing.T) {
	c := getCluster(t)
	image := func() string {
		return c.must(t, "-n", "yomu", "get", "deployment", "yomu-api", "-o", "jsonpath={.spec.template.spec.containers[0].image}")
	}
	original := image()
	t.Cleanup(func() {
		_, _ = c.run("", "-n", "yomu", "set", "image", "deployment/yomu-api", "api="+original)
	})
	// tags the node has (node/start tags the yomu-api image 1.0.0, 1.1.0 and 1.2.0)
	first, second := "ghcr.io/example/yomu-api:1.1.0", "ghcr.io/example/yomu-api:1.2.0"
	for _, img := range []string{first, second} {
		c.must(t, "--context", "deployer", "set", "image", "deployment/yomu-api", "api="+img)
		c.must(t, "--context", "deployer", "rollout", "status", "deployment/yomu-api", "--timeout=120s")
	}
	rev := c.must(t, "-n", "yomu", "get", "deployment", "yomu-api", "-o", "jsonpath={.metadata.annotations.deployment\\.kubernetes\\.io/revision}")
	out := c.must(t, "--context", "deployer", "rollout", "undo", "deployment/yomu-api")
	if !strings.Contains(out, "deployment.apps/yomu-api rolled back") {
		t.Fatalf("rollout undo printed %q", out)
	}
	c.must(t, "--context", "deployer", "rollout", "status", "deployment/yomu-api", "--timeout=120s")
	if got := image(); got != first {
		t.Fatalf("after undo image = %s, want the previous %s", got, first)
	}
	after := c.must(t, "-n", "yomu", "get", "deployment", "yomu-api", "-o", "jsonpath={.metadata.annotations.deployment\\.kubernetes\\.io/revision}")
	if after == rev {
		t.Fatalf("revision stayed %s after undo", rev)
	}
}

func TestApiserverRestartMidJob(t *testing.T) {
	c := getCluster(t)
	restart, err := filepath.Abs("../restart-apiserver")
	if err != nil {
		t.Fatal(err)
	}
	name := uniqueName("restart")
	c.deleteJob(t, name)
	// the process waits for a gate the test opens after the restart, so the restart is surely mid-run:
	// a ConfigMap key the kubelet refreshes in the pod's volume
	t.Cleanup(func() { _, _ = c.run("", "-n", "yomu", "delete", "configmap", name, "--ignore-not-found") })
	c.must(t, "-n", "yomu", "create", "configmap", name, "--from-literal=gate=closed")
	podSpec := fmt.Sprintf("volumes: [{name: gate, configMap: {name: %s, items: [{key: gate, path: gate}]}}]", name)
	container := "volumeMounts: [{name: gate, mountPath: /gate, readOnly: true}]"
	script := "echo before; until grep -q open /gate/gate; do sleep 0.2; done; echo after"
	open := func() error {
		_, err := c.run("", "-n", "yomu", "patch", "configmap", name, "-p", `{"data":{"gate":"open"}}`)
		return err
	}
	c.apply(t, "deployer", jobManifest(name, "backoffLimit: 0", podSpec, container, "sh", "-c", script))
	eventually(t, time.Minute, "the job's process to start", func() (bool, error) {
		out, err := c.run("", "-n", "yomu", "logs", "job/"+name)
		return strings.Contains(out, "before"), err
	})
	if out, err := exec.Command(restart, c.dir).CombinedOutput(); err != nil {
		t.Fatalf("restart-apiserver: %v\n%s", err, out)
	}
	if err := open(); err != nil {
		t.Fatal(err)
	}
	j := c.waitJobFinished(t, name, 2*time.Minute)
	if j.condition("Complete") == nil {
		t.Fatalf("job %+v did not complete after the restart", j.Status.Conditions)
	}
	if out := c.must(t, "-n", "yomu", "logs", "job/"+name); out != "before\nafter\n" {
		t.Fatalf("log %q, want before/after", out)
	}
	// the cluster keeps working: a new Job runs to completion
	name2 := uniqueName("after-restart")
	c.deleteJob(t, name2)
	c.apply(t, "deployer", jobManifest(name2, "backoffLimit: 0", "", "", "sh", "-c", "echo ok"))
	if j := c.waitJobFinished(t, name2, 2*time.Minute); j.condition("Complete") == nil {
		t.Fatalf("job after restart: %+v", j.Status.Conditions)
	}
	TestNodeReady(t)
}

// Package e2e tests the local test cluster (tests/cluster/up) itself: the control plane, the node
// (kubelet, containerd, runc), RBAC and sample Deployment. Run by CTest (label "cluster") with KM_CLUSTER_DIR set to a
// cluster started by tests/cluster/up; every test fails (never skips) when a prerequisite is missing.
package e2e

import (
	"bufio"
	"bytes"
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

type cluster struct {
	dir     string
	env     map[string]string
	kubectl string
}

// getCluster reads KM_CLUSTER_DIR/env written by tests/cluster/up.
func getCluster(t *testing.T) *cluster {
	t.Helper()
	dir := os.Getenv("KM_CLUSTER_DIR")
	if dir == "" {
		t.Fatal("KM_CLUSTER_DIR is not set: start a cluster with tests/cluster/up DIR and export KM_CLUSTER_DIR=DIR")
	}
	f, err := os.Open(filepath.Join(dir, "env"))
	if err != nil {
		t.Fatalf("no running cluster in %s: %v", dir, err)
	}
	defer f.Close()
	env := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), "="); ok {
			env[k] = v
		}
	}
	c := &cluster{dir: dir, env: env, kubectl: env["KM_KUBECTL"]}
	if _, err := os.Stat(c.kubectl); err != nil {
		t.Fatalf("kubectl from %s/env (KM_KUBECTL=%q) missing: %v", dir, c.kubectl, err)
	}
	return c
}

// run runs kubectl with the cluster's kubeconfig; args may start with "--context", "deployer".
func (c *cluster) run(stdin string, args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, c.kubectl, append([]string{"--kubeconfig", c.env["KUBECONFIG"]}, args...)...)
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if err != nil {
		return out.String(), fmt.Errorf("kubectl %s: %v: %s%s", strings.Join(args, " "), err, out.String(), errb.String())
	}
	return out.String(), nil
}

func (c *cluster) must(t *testing.T, args ...string) string {
	t.Helper()
	out, err := c.run("", args...)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func (c *cluster) apply(t *testing.T, context, manifest string) {
	t.Helper()
	if _, err := c.run(manifest, "--context", context, "apply", "-f", "-"); err != nil {
		t.Fatal(err)
	}
}

func (c *cluster) getJSON(t *testing.T, v any, args ...string) {
	t.Helper()
	out := c.must(t, append(args, "-o", "json")...)
	if err := json.Unmarshal([]byte(out), v); err != nil {
		t.Fatalf("decoding %s: %v", out, err)
	}
}

// eventually polls cond every 250ms until it returns true; fails the test after limit.
func eventually(t *testing.T, limit time.Duration, what string, cond func() (bool, error)) {
	t.Helper()
	deadline := time.Now().Add(limit)
	var lastErr error
	for time.Now().Before(deadline) {
		ok, err := cond()
		if ok {
			return
		}
		lastErr = err
		time.Sleep(250 * time.Millisecond)
	}
	t.Fatalf("timed out after %s waiting for %s (last error: %v)", limit, what, lastErr)
}

func uniqueName(prefix string) string {
	return fmt.Sprintf("%s-%d", prefix, time.Now().UnixNano()%1_000_000_000)
}

type condition struct {
	Type, Status, Reason, Message string
}

type job struct {
	Status struct {
		Conditions []condition
		Failed     int
		Succeeded  int
	}
}

func (j *job) condition(typ string) *condition {
	for i := range j.Status.Conditions {
		if j.Status.Conditions[i].Type == typ && j.Status.Conditions[i].Status == "True" {
			return &j.Status.Conditions[i]
		}
	}
	return nil
}

// waitJobFinished waits for Complete=True or Failed=True and returns the Job.
func (c *cluster) waitJobFinished(t *testing.T, name string, limit time.Duration) *job {
	t.Helper()
	var j job
	eventually(t, limit, "job "+name+" to finish", func() (bool, error) {
		j = job{}
		out, err := c.run("", "-n", "yomu", "get", "job", name, "-o", "json")
		if err != nil {
			return false, err
		}
		if err := json.Unmarshal([]byte(out), &j); err != nil {
			return false, err
		}
		return j.condition("Complete") != nil || j.condition("Failed") != nil, nil
	})
	return &j
}

type pod struct {
	Metadata struct {
		Name string
		UID  string
	}
	Status struct {
		Phase             string
		ContainerStatuses []struct {
			State struct {
				Running    *struct{ StartedAt string }
				Terminated *struct {
					ExitCode int
					Reason   string
				}
			}
		}
	}
}

func (c *cluster) jobPods(t *testing.T, name string) []pod {
	t.Helper()
	var l struct{ Items []pod }
	c.getJSON(t, &l, "-n", "yomu", "get", "pods", "-l", "job-name="+name)
	return l.Items
}

// jobManifest is a Job in namespace yomu whose pod satisfies the "restricted" Pod Security Standard.
// spec goes under Job.spec, podSpec under the pod spec, container under the container.
func jobManifest(name, spec, podSpec, container string, command ...string) string {
	cmd, _ := json.Marshal(command)
	return fmt.Sprintf(`apiVersion: batch/v1
kind: Job
metadata:
  name: %s
  namespace: yomu
spec:
%s
  template:
    spec:
      restartPolicy: Never
      automountServiceAccountToken: false
      securityContext:
        runAsNonRoot: true
        runAsUser: 10001
        seccompProfile: {type: RuntimeDefault}
%s
      containers:
      - name: migrate
        image: ghcr.io/example/yomu-migrate:1.0.0
        command: %s
        securityContext:
          allowPrivilegeEscalation: false
          capabilities: {drop: [ALL]}
%s
`, name, indent(spec, "  "), indent(podSpec, "      "), cmd, indent(container, "        "))
}

func indent(s, prefix string) string {
	if s == "" {
		return ""
	}
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i := range lines {
		lines[i] = prefix + lines[i]
	}
	return strings.Join(lines, "\n")
}

func (c *cluster) deleteJob(t *testing.T, name string) {
	t.Cleanup(func() {
		_, _ = c.run("", "-n", "yomu", "delete", "job", name, "--ignore-not-found", "--wait=false", "--cascade=foreground")
	})
}

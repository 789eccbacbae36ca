package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"time"
)

// Volumes: the container process runs in its own mount namespace (CLONE_NEWNS, / made private), where a
// small helper (this binary re-executed with helperArg) bind-mounts each volume directory at its
// mountPath, changes to workingDir and execs the command. So the process sees ConfigMap/Secret files at
// the real paths while the host's mount table stays untouched. A mount point that does not exist on the
// host is created (empty dir or file) before start and removed again after the process exits.
const helperArg = "__exec-container"

type helperSpec struct {
	Mounts []helperMount `json:"mounts"`
	Dir    string        `json:"dir"`
}

type helperMount struct {
	Src, Dst string
	RO       bool
}

// execHelper runs inside the new mount namespace; it never returns.
func execHelper(args []string) {
	fail := func(code int, format string, a ...any) {
		fmt.Fprintf(os.Stderr, format+"\n", a...)
		os.Exit(code)
	}
	if len(args) < 2 {
		fail(128, "executor helper: bad arguments")
	}
	var h helperSpec
	if err := json.Unmarshal([]byte(args[0]), &h); err != nil {
		fail(128, "executor helper: %v", err)
	}
	for _, m := range h.Mounts {
		if err := syscall.Mount(m.Src, m.Dst, "", syscall.MS_BIND|syscall.MS_REC, ""); err != nil {
			fail(128, "mount %s at %s: %v", m.Src, m.Dst, err)
		}
		if m.RO {
			if err := syscall.Mount("", m.Dst, "", syscall.MS_BIND|syscall.MS_REMOUNT|syscall.MS_RDONLY, ""); err != nil {
				fail(128, "remount %s read-only: %v", m.Dst, err)
			}
		}
	}
	if err := os.Chdir(h.Dir); err != nil {
		fail(128, "chdir to working dir: %v", err)
	}
	argv := args[1:]
	path, err := exec.LookPath(argv[0])
	if err != nil && !errors.Is(err, exec.ErrDot) {
		fail(127, "exec: %q: executable file not found in $PATH", argv[0])
	}
	err = syscall.Exec(path, argv, os.Environ())
	fail(126, "exec %s: %v", path, err)
}

// runProcess starts the container process in its own process group and waits for it. When ctx is
// cancelled (pod deleted) the group gets SIGTERM, then SIGKILL after 3s, and killed is true.
func (e *executor) runProcess(ctx context.Context, s *procSpec, log *criLog) (code int, killed bool) {
	var created []string
	defer func() { e.mounts.release(created) }()
	var hm []helperMount
	for _, m := range s.mounts {
		c, err := e.mounts.acquire(m.src, m.dst)
		created = append(created, c...)
		if err != nil {
			log.line("stderr", []byte(fmt.Sprintf("executor: mount point %s: %v", m.dst, err)))
			return 128, false
		}
		hm = append(hm, helperMount{Src: m.src, Dst: m.dst, RO: m.readOnly})
	}
	hs, _ := json.Marshal(helperSpec{Mounts: hm, Dir: s.dir})

	cmd := exec.Command(e.self, append([]string{helperArg, string(hs)}, s.argv...)...)
	cmd.Env = s.env
	cmd.Dir = "/"
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Unshareflags: syscall.CLONE_NEWNS, Pdeathsig: syscall.SIGKILL}
	stdout, stderr := log.stream("stdout"), log.stream("stderr")
	cmd.Stdout, cmd.Stderr = stdout, stderr
	cmd.WaitDelay = 2 * time.Second // a background grandchild holding stdout must not block us
	if err := cmd.Start(); err != nil {
		log.line("stderr", []byte("executor: "+err.Error()))
		return 128, false
	}
	e.running.Add(1)
	defer e.running.Add(-1)
	pgid := cmd.Process.Pid
	// recorded so tests/cluster/down can kill the group even if the executor itself died
	pgidFile := filepath.Join(e.stateDir, "pgids", strconv.Itoa(pgid))
	_ = os.WriteFile(pgidFile, nil, 0o644)
	defer os.Remove(pgidFile)

	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	var err error
	select {
	case err = <-done:
	case <-ctx.Done():
		killed = true
		_ = syscall.Kill(-pgid, syscall.SIGTERM)
		select {
		case err = <-done:
		case <-time.After(3 * time.Second):
			_ = syscall.Kill(-pgid, syscall.SIGKILL)
			err = <-done
		}
	}
	_ = syscall.Kill(-pgid, syscall.SIGKILL) // leftovers of the group, as a container's teardown would
	stdout.flush()
	stderr.flush()
	code = cmd.ProcessState.ExitCode()
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		code = 128 + int(ws.Signal())
	}
	if err != nil && !errors.As(err, new(*exec.ExitError)) && !errors.Is(err, exec.ErrWaitDelay) {
		log.line("stderr", []byte("executor: "+err.Error()))
	}
	return code, killed
}

// mountpoints creates missing mount points on the host and removes them when no process needs them.
type mountpoints struct {
	mu   sync.Mutex
	refs map[string]int // created paths → processes using them
}

func (m *mountpoints) acquire(src, dst string) (created []string, err error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.refs[dst]; ok {
		m.refs[dst]++
		return []string{dst}, nil
	}
	if _, err := os.Lstat(dst); err == nil {
		return nil, nil
	}
	st, err := os.Stat(src)
	if err != nil {
		return nil, err
	}
	// create missing parents too, remembering each for removal (innermost last)
	var missing []string
	for p := dst; ; p = filepath.Dir(p) {
		if _, err := os.Lstat(p); err == nil || p == "/" {
			break
		}
		missing = append([]string{p}, missing...)
	}
	for i, p := range missing {
		if i == len(missing)-1 && !st.IsDir() {
			err = os.WriteFile(p, nil, 0o644)
		} else {
			err = os.Mkdir(p, 0o755)
		}
		if err != nil {
			return created, err
		}
		m.refs[p]++
		created = append(created, p)
	}
	return created, nil
}

func (m *mountpoints) release(paths []string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for i := len(paths) - 1; i >= 0; i-- {
		p := paths[i]
		if m.refs[p]--; m.refs[p] <= 0 {
			delete(m.refs, p)
			_ = os.Remove(p) // only removes an empty dir or the empty file we created
		}
	}
}

// criLog writes lines in the CRI log format the kubelet (and KWOK's log server) reads:
// "<RFC3339Nano timestamp> <stdout|stderr> <F|P> <text>".
type criLog struct {
	mu sync.Mutex
	w  io.Writer
}

func newCRILog(w io.Writer) *criLog { return &criLog{w: w} }

func (l *criLog) write(stream, tag string, text []byte) {
	l.mu.Lock()
	defer l.mu.Unlock()
	var b bytes.Buffer
	b.WriteString(time.Now().UTC().Format(time.RFC3339Nano))
	b.WriteString(" " + stream + " " + tag + " ")
	b.Write(text)
	b.WriteByte('\n')
	_, _ = l.w.Write(b.Bytes()) // one write per line: readers never see half a record
}

func (l *criLog) line(stream string, text []byte) { l.write(stream, "F", text) }

func (l *criLog) stream(name string) *streamWriter { return &streamWriter{log: l, name: name} }

// streamWriter turns a byte stream into CRI log lines; long unterminated output is written as partial
// ("P") records so nothing waits for a newline forever.
type streamWriter struct {
	log  *criLog
	name string
	mu   sync.Mutex
	buf  []byte
}

const maxPartial = 16 * 1024

func (w *streamWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf = append(w.buf, p...)
	for {
		i := bytes.IndexByte(w.buf, '\n')
		if i < 0 {
			break
		}
		w.log.write(w.name, "F", w.buf[:i])
		w.buf = w.buf[i+1:]
	}
	for len(w.buf) > maxPartial {
		w.log.write(w.name, "P", w.buf[:maxPartial])
		w.buf = w.buf[maxPartial:]
	}
	return len(p), nil
}

func (w *streamWriter) flush() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(w.buf) > 0 {
		w.log.write(w.name, "F", w.buf)
		w.buf = nil
	}
}

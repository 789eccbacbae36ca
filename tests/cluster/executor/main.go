// Command executor closes the gap KWOK leaves open: KWOK marks pods Running but runs nothing.
//
// The executor watches the pods bound to one KWOK node. For every pod owned by a Job it
//   - creates an empty CRI-format log file and a kwok.x-k8s.io/v1alpha1 Logs object pointing at it, so
//     `kubectl logs [-f]` through the real kube-apiserver reads (and follows) that file;
//   - once KWOK has marked the pod Running, runs the pod's first container (command+args, env, envFrom,
//     ConfigMap/Secret/emptyDir/projected volumes at their mountPath in a private mount namespace,
//     workingDir) as a local process, writing stdout/stderr into the log file line by line;
//   - when the process exits, annotates the pod with the real exit code; the KWOK stages in
//     ../kwok-stages.yaml then finish the pod Succeeded (0) or Failed (anything else) with that code.
//
// A pod deleted while its process runs gets the process group killed. Pods not owned by a Job are left to
// KWOK (Running/Ready, nothing executed). Only restartPolicy Never semantics are modelled: a failed
// container is never restarted in place (Job retries create new pods, as with restartPolicy Never).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	listersv1 "k8s.io/client-go/listers/core/v1"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/tools/clientcmd"
)

// AnnotationExitCode is set by the executor when the process has exited; the KWOK stages select on it.
const AnnotationExitCode = "executor.kubectl-migrate.test/exit-code"

var logsGVR = schema.GroupVersionResource{Group: "kwok.x-k8s.io", Version: "v1alpha1", Resource: "logs"}

type executor struct {
	cs          kubernetes.Interface
	dyn         dynamic.Interface
	pods        listersv1.PodLister
	stateDir    string
	extraPath   string
	entrypoints string
	self        string

	mu      sync.Mutex
	started map[types.UID]context.CancelFunc
	running atomic.Int32 // container processes currently running
	mounts  *mountpoints
}

func main() {
	if len(os.Args) > 1 && os.Args[1] == helperArg {
		execHelper(os.Args[2:]) // never returns
	}
	kubeconfig := flag.String("kubeconfig", "", "kubeconfig with rights to read/patch pods, read ConfigMaps/Secrets, create Logs and tokens")
	node := flag.String("node", "kwok-node", "name of the KWOK node whose pods are executed")
	stateDir := flag.String("state-dir", "", "directory for log files, volume contents and running process groups")
	flag.Parse()
	if *kubeconfig == "" || *stateDir == "" {
		fmt.Fprintln(os.Stderr, "usage: executor --kubeconfig FILE --state-dir DIR [--node NAME]")
		os.Exit(2)
	}
	cfg, err := clientcmd.BuildConfigFromFlags("", *kubeconfig)
	must(err)
	self, err := os.Executable()
	must(err)
	e := &executor{
		cs:          kubernetes.NewForConfigOrDie(cfg),
		dyn:         dynamic.NewForConfigOrDie(cfg),
		stateDir:    *stateDir,
		extraPath:   os.Getenv("KM_EXECUTOR_PATH"),
		entrypoints: os.Getenv("KM_EXECUTOR_ENTRYPOINTS"),
		self:        self,
		started:     map[types.UID]context.CancelFunc{},
		mounts:      &mountpoints{refs: map[string]int{}},
	}
	must(os.MkdirAll(filepath.Join(e.stateDir, "pgids"), 0o755))

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	factory := informers.NewSharedInformerFactoryWithOptions(e.cs, 0,
		informers.WithTweakListOptions(func(o *metav1.ListOptions) {
			o.FieldSelector = fields.OneTermEqualSelector("spec.nodeName", *node).String()
		}))
	inf := factory.Core().V1().Pods()
	e.pods = inf.Lister()
	_, err = inf.Informer().AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc:    func(o any) { e.observe(ctx, o.(*corev1.Pod)) },
		UpdateFunc: func(_, o any) { e.observe(ctx, o.(*corev1.Pod)) },
		DeleteFunc: func(o any) {
			if t, ok := o.(cache.DeletedFinalStateUnknown); ok {
				o = t.Obj
			}
			if p, ok := o.(*corev1.Pod); ok {
				e.stop(p.UID)
			}
		},
	})
	must(err)
	factory.Start(ctx.Done())
	factory.WaitForCacheSync(ctx.Done())
	logf("executor ready: node=%s state=%s KM_EXECUTOR_PATH=%q KM_EXECUTOR_ENTRYPOINTS=%q", *node, e.stateDir, e.extraPath, e.entrypoints)
	<-ctx.Done()
	logf("executor stopping: killing running pods' processes")
	e.mu.Lock()
	for _, cancel := range e.started {
		cancel()
	}
	e.mu.Unlock()
	// let the runners kill their process groups (SIGTERM, SIGKILL after 3s)
	for i := 0; i < 40 && e.running.Load() > 0; i++ {
		time.Sleep(100 * time.Millisecond)
	}
}

func isJobPod(p *corev1.Pod) bool {
	for _, o := range p.OwnerReferences {
		if o.Kind == "Job" && o.Controller != nil && *o.Controller {
			return true
		}
	}
	return false
}

// observe starts one runner goroutine per Job pod and stops it when the pod is being deleted.
func (e *executor) observe(ctx context.Context, p *corev1.Pod) {
	if !isJobPod(p) || len(p.Spec.Containers) == 0 {
		return
	}
	if p.DeletionTimestamp != nil {
		e.stop(p.UID)
		return
	}
	if _, done := p.Annotations[AnnotationExitCode]; done || p.Status.Phase == corev1.PodSucceeded || p.Status.Phase == corev1.PodFailed {
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if _, ok := e.started[p.UID]; ok {
		return
	}
	rctx, cancel := context.WithCancel(ctx)
	e.started[p.UID] = cancel
	go e.runPod(rctx, p.Namespace, p.Name, p.UID)
}

func (e *executor) stop(uid types.UID) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if cancel, ok := e.started[uid]; ok {
		cancel() // the entry stays so a late event cannot start the pod again
	}
}

// current returns the cached pod if it is still the same object (same uid) and not being deleted.
func (e *executor) current(ns, name string, uid types.UID) *corev1.Pod {
	p, err := e.pods.Pods(ns).Get(name)
	if err != nil || p.UID != uid || p.DeletionTimestamp != nil {
		return nil
	}
	return p
}

func (e *executor) runPod(ctx context.Context, ns, name string, uid types.UID) {
	pod := e.current(ns, name, uid)
	if pod == nil {
		return
	}
	c := pod.Spec.Containers[0]
	podDir := filepath.Join(e.stateDir, "pods", ns+"_"+name+"_"+string(uid))
	must(os.MkdirAll(podDir, 0o755))
	logPath := filepath.Join(podDir, c.Name+".log")
	logFile, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		logf("%s/%s: %v", ns, name, err)
		return
	}
	defer logFile.Close()
	if err := e.createLogsObject(ctx, pod, c.Name, logPath); err != nil {
		logf("%s/%s: creating Logs object: %v", ns, name, err)
	}

	// Wait until KWOK reports the pod Running (pod-ready stage), as a kubelet starts containers.
	for pod.Status.Phase != corev1.PodRunning {
		if !sleepCtx(ctx, 100*time.Millisecond) {
			return
		}
		if pod = e.current(ns, name, uid); pod == nil {
			return
		}
	}
	e.waitLogsServed(ctx, pod, c.Name)

	// Resolve everything a kubelet would before starting the container; retry while a referenced
	// ConfigMap/Secret is missing (a kubelet shows CreateContainerConfigError and retries too).
	var spec *procSpec
	for {
		spec, err = e.prepare(ctx, pod, podDir)
		if err == nil {
			break
		}
		if errors.As(err, new(permanentError)) {
			logf("%s/%s: cannot start container: %v", ns, name, err)
			newCRILog(logFile).line("stderr", []byte("executor: "+err.Error()))
			e.finish(ns, name, 128)
			return
		}
		logf("%s/%s: cannot start container yet: %v", ns, name, err)
		if !sleepCtx(ctx, time.Second) {
			return
		}
	}
	logf("%s/%s: starting %q", ns, name, spec.argv)
	code, killed := e.runProcess(ctx, spec, newCRILog(logFile))
	if killed {
		logf("%s/%s: pod deleted, process group killed", ns, name)
		return
	}
	logf("%s/%s: exited with code %d", ns, name, code)
	e.finish(ns, name, code)
}

// finish annotates the pod with the exit code; the KWOK stages then terminate it.
func (e *executor) finish(ns, name string, code int) {
	patch := fmt.Sprintf(`{"metadata":{"annotations":{%q:%q}}}`, AnnotationExitCode, fmt.Sprint(code))
	for i := 0; i < 60; i++ {
		_, err := e.cs.CoreV1().Pods(ns).Patch(context.Background(), name, types.MergePatchType, []byte(patch), metav1.PatchOptions{})
		if err == nil || apierrors.IsNotFound(err) {
			return
		}
		logf("%s/%s: annotating exit code: %v (retrying)", ns, name, err)
		time.Sleep(time.Second) // e.g. kube-apiserver being restarted
	}
}

func (e *executor) createLogsObject(ctx context.Context, pod *corev1.Pod, container, logPath string) error {
	obj := &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": "kwok.x-k8s.io/v1alpha1",
		"kind":       "Logs",
		"metadata": map[string]any{
			"name":      pod.Name,
			"namespace": pod.Namespace,
			// garbage-collected with the pod
			"ownerReferences": []any{map[string]any{"apiVersion": "v1", "kind": "Pod", "name": pod.Name, "uid": string(pod.UID)}},
		},
		"spec": map[string]any{"logs": []any{map[string]any{
			"containers": []any{container}, "logsFile": logPath, "follow": true,
		}}},
	}}
	var err error
	for i := 0; i < 30; i++ {
		_, err = e.dyn.Resource(logsGVR).Namespace(pod.Namespace).Create(ctx, obj, metav1.CreateOptions{})
		if err == nil || apierrors.IsAlreadyExists(err) {
			return nil
		}
		if !sleepCtx(ctx, time.Second) {
			break
		}
	}
	return err
}

// waitLogsServed waits until KWOK has picked up the Logs object, i.e. GET pods/log through the
// apiserver succeeds, so that a client reading logs as soon as the process starts sees every line.
func (e *executor) waitLogsServed(ctx context.Context, pod *corev1.Pod, container string) {
	one := int64(1)
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		_, err := e.cs.CoreV1().Pods(pod.Namespace).GetLogs(pod.Name, &corev1.PodLogOptions{Container: container, LimitBytes: &one}).DoRaw(ctx)
		if err == nil {
			return
		}
		if !sleepCtx(ctx, 100*time.Millisecond) {
			return
		}
	}
	logf("%s/%s: logs still not served after 30s; starting anyway", pod.Namespace, pod.Name)
}

func sleepCtx(ctx context.Context, d time.Duration) bool {
	select {
	case <-ctx.Done():
		return false
	case <-time.After(d):
		return true
	}
}

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "%s "+format+"\n", append([]any{time.Now().Format(time.RFC3339Nano)}, args...)...)
}

func must(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "executor:", err)
		os.Exit(1)
	}
}

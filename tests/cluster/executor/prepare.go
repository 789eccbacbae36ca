package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	authenticationv1 "k8s.io/api/authentication/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// procSpec is everything needed to start the container's process.
type procSpec struct {
	argv    []string
	env     []string
	dir     string
	mounts  []mount
	pgidDir string
}

type mount struct {
	src, dst string
	readOnly bool
}

// prepare resolves command, environment, working directory and volumes of the pod's first container.
func (e *executor) prepare(ctx context.Context, pod *corev1.Pod, podDir string) (*procSpec, error) {
	c := pod.Spec.Containers[0]
	r := &resolver{ctx: ctx, e: e, pod: pod, cms: map[string]*corev1.ConfigMap{}, secrets: map[string]*corev1.Secret{}}

	vars := map[string]string{}
	var order []string
	set := func(k, v string) {
		if _, ok := vars[k]; !ok {
			order = append(order, k)
		}
		vars[k] = v
	}
	// envFrom first, then env (env wins), like the kubelet.
	for _, src := range c.EnvFrom {
		data, err := r.envFromSource(src)
		if err != nil {
			return nil, err
		}
		keys := make([]string, 0, len(data))
		for k := range data {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			set(src.Prefix+k, data[k])
		}
	}
	lookup := func(k string) (string, bool) { v, ok := vars[k]; return v, ok }
	for _, ev := range c.Env {
		if ev.ValueFrom == nil {
			set(ev.Name, expand(ev.Value, lookup))
			continue
		}
		v, ok, err := r.envVarSource(ev.ValueFrom)
		if err != nil {
			return nil, fmt.Errorf("env %s: %w", ev.Name, err)
		}
		if ok {
			set(ev.Name, v)
		}
	}

	path := os.Getenv("PATH")
	if e.extraPath != "" {
		path = e.extraPath + ":" + path
	}
	env := []string{"PATH=" + path, "HOME=/root", "HOSTNAME=" + pod.Name}
	for _, k := range order {
		env = append(env, k+"="+vars[k])
	}

	command := c.Command
	if len(command) == 0 {
		command = e.entrypoint(c.Image)
	}
	if len(command) == 0 {
		return nil, permanentError{fmt.Errorf("container %q (image %s) has no command and KM_EXECUTOR_ENTRYPOINTS has none for its image: the executor cannot know the image's entrypoint", c.Name, c.Image)}
	}
	argv := append(append([]string{}, command...), c.Args...)
	for i := range argv {
		argv[i] = expand(argv[i], lookup)
	}

	dir := c.WorkingDir
	if dir == "" {
		dir = filepath.Join(podDir, "workdir") // scratch dir instead of the image's WORKDIR
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, err
		}
	}

	volDirs := map[string]string{}
	for _, v := range pod.Spec.Volumes {
		d := filepath.Join(podDir, "volumes", v.Name)
		if err := r.materialize(v, d); err != nil {
			return nil, fmt.Errorf("volume %s: %w", v.Name, err)
		}
		volDirs[v.Name] = d
	}
	var mounts []mount
	for _, vm := range c.VolumeMounts {
		src, ok := volDirs[vm.Name]
		if !ok {
			return nil, fmt.Errorf("volumeMount %s: no such volume", vm.Name)
		}
		if vm.SubPath != "" {
			src = filepath.Join(src, vm.SubPath)
		}
		mounts = append(mounts, mount{src: src, dst: vm.MountPath, readOnly: vm.ReadOnly})
	}
	sort.SliceStable(mounts, func(i, j int) bool { return len(mounts[i].dst) < len(mounts[j].dst) })
	return &procSpec{argv: argv, env: env, dir: dir, mounts: mounts}, nil
}

// permanentError: the container can never start (retrying is pointless); the pod fails with exit code 128.
type permanentError struct{ error }

// entrypoint stands in for an image's ENTRYPOINT: KM_EXECUTOR_ENTRYPOINTS is a comma-separated list of
// IMAGE_PREFIX=COMMAND (COMMAND split on spaces), e.g. "ghcr.io/example/kubectl-migrate=kubectl-migrate".
func (e *executor) entrypoint(image string) []string {
	for _, item := range strings.Split(e.entrypoints, ",") {
		prefix, cmd, ok := strings.Cut(strings.TrimSpace(item), "=")
		if ok && prefix != "" && strings.HasPrefix(image, prefix) {
			return strings.Fields(cmd)
		}
	}
	return nil
}

type resolver struct {
	ctx     context.Context
	e       *executor
	pod     *corev1.Pod
	cms     map[string]*corev1.ConfigMap
	secrets map[string]*corev1.Secret
}

func optional(b *bool) bool { return b != nil && *b }

func (r *resolver) configMap(name string, opt bool) (*corev1.ConfigMap, error) {
	if cm, ok := r.cms[name]; ok {
		return cm, nil
	}
	cm, err := r.e.cs.CoreV1().ConfigMaps(r.pod.Namespace).Get(r.ctx, name, metav1.GetOptions{})
	if apierrors.IsNotFound(err) && opt {
		cm, err = &corev1.ConfigMap{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("configmap %q: %w", name, err)
	}
	r.cms[name] = cm
	return cm, nil
}

func (r *resolver) secret(name string, opt bool) (*corev1.Secret, error) {
	if s, ok := r.secrets[name]; ok {
		return s, nil
	}
	s, err := r.e.cs.CoreV1().Secrets(r.pod.Namespace).Get(r.ctx, name, metav1.GetOptions{})
	if apierrors.IsNotFound(err) && opt {
		s, err = &corev1.Secret{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("secret %q: %w", name, err)
	}
	r.secrets[name] = s
	return s, nil
}

func (r *resolver) envFromSource(src corev1.EnvFromSource) (map[string]string, error) {
	out := map[string]string{}
	switch {
	case src.ConfigMapRef != nil:
		cm, err := r.configMap(src.ConfigMapRef.Name, optional(src.ConfigMapRef.Optional))
		if err != nil {
			return nil, err
		}
		for k, v := range cm.Data {
			out[k] = v
		}
	case src.SecretRef != nil:
		s, err := r.secret(src.SecretRef.Name, optional(src.SecretRef.Optional))
		if err != nil {
			return nil, err
		}
		for k, v := range s.Data {
			out[k] = string(v)
		}
	}
	return out, nil
}

func (r *resolver) envVarSource(src *corev1.EnvVarSource) (string, bool, error) {
	switch {
	case src.SecretKeyRef != nil:
		ref := src.SecretKeyRef
		s, err := r.secret(ref.Name, optional(ref.Optional))
		if err != nil {
			return "", false, err
		}
		v, ok := s.Data[ref.Key]
		if !ok && !optional(ref.Optional) {
			return "", false, fmt.Errorf("secret %q has no key %q", ref.Name, ref.Key)
		}
		return string(v), ok, nil
	case src.ConfigMapKeyRef != nil:
		ref := src.ConfigMapKeyRef
		cm, err := r.configMap(ref.Name, optional(ref.Optional))
		if err != nil {
			return "", false, err
		}
		v, ok := cm.Data[ref.Key]
		if !ok && !optional(ref.Optional) {
			return "", false, fmt.Errorf("configmap %q has no key %q", ref.Name, ref.Key)
		}
		return v, ok, nil
	case src.FieldRef != nil:
		v, err := fieldRef(r.pod, src.FieldRef.FieldPath)
		return v, err == nil, err
	}
	return "", false, fmt.Errorf("unsupported valueFrom (only secretKeyRef, configMapKeyRef, fieldRef)")
}

func fieldRef(p *corev1.Pod, path string) (string, error) {
	switch path {
	case "metadata.name":
		return p.Name, nil
	case "metadata.namespace":
		return p.Namespace, nil
	case "metadata.uid":
		return string(p.UID), nil
	case "spec.nodeName":
		return p.Spec.NodeName, nil
	case "spec.serviceAccountName":
		return p.Spec.ServiceAccountName, nil
	case "status.podIP":
		return p.Status.PodIP, nil
	case "status.hostIP":
		return p.Status.HostIP, nil
	}
	for prefix, m := range map[string]map[string]string{"metadata.labels": p.Labels, "metadata.annotations": p.Annotations} {
		if strings.HasPrefix(path, prefix+"['") && strings.HasSuffix(path, "']") {
			return m[strings.TrimSuffix(strings.TrimPrefix(path, prefix+"['"), "']")], nil
		}
	}
	return "", fmt.Errorf("unsupported fieldRef %q", path)
}

// materialize writes the files of a ConfigMap, Secret, emptyDir or projected volume into dir.
func (r *resolver) materialize(v corev1.Volume, dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	mode := func(m *int32, def int32) os.FileMode {
		if m != nil {
			return os.FileMode(*m)
		}
		return os.FileMode(def)
	}
	switch {
	case v.EmptyDir != nil:
		return nil
	case v.ConfigMap != nil:
		cm, err := r.configMap(v.ConfigMap.Name, optional(v.ConfigMap.Optional))
		if err != nil {
			return err
		}
		return writeItems(dir, stringData(cm), v.ConfigMap.Items, mode(v.ConfigMap.DefaultMode, 0o644))
	case v.Secret != nil:
		s, err := r.secret(v.Secret.SecretName, optional(v.Secret.Optional))
		if err != nil {
			return err
		}
		return writeItems(dir, s.Data, v.Secret.Items, mode(v.Secret.DefaultMode, 0o644))
	case v.Projected != nil:
		def := mode(v.Projected.DefaultMode, 0o644)
		for _, src := range v.Projected.Sources {
			var err error
			switch {
			case src.ConfigMap != nil:
				var cm *corev1.ConfigMap
				if cm, err = r.configMap(src.ConfigMap.Name, optional(src.ConfigMap.Optional)); err == nil {
					err = writeItems(dir, stringData(cm), src.ConfigMap.Items, def)
				}
			case src.Secret != nil:
				var s *corev1.Secret
				if s, err = r.secret(src.Secret.Name, optional(src.Secret.Optional)); err == nil {
					err = writeItems(dir, s.Data, src.Secret.Items, def)
				}
			case src.DownwardAPI != nil:
				for _, it := range src.DownwardAPI.Items {
					if it.FieldRef == nil {
						continue
					}
					val, ferr := fieldRef(r.pod, it.FieldRef.FieldPath)
					if ferr != nil {
						return ferr
					}
					if err = writeFile(filepath.Join(dir, it.Path), []byte(val), def); err != nil {
						break
					}
				}
			case src.ServiceAccountToken != nil:
				err = r.token(dir, src.ServiceAccountToken, def)
			}
			if err != nil {
				return err
			}
		}
		return nil
	}
	return fmt.Errorf("unsupported volume type (only configMap, secret, emptyDir, projected)")
}

func (r *resolver) token(dir string, p *corev1.ServiceAccountTokenProjection, m os.FileMode) error {
	req := &authenticationv1.TokenRequest{Spec: authenticationv1.TokenRequestSpec{ExpirationSeconds: p.ExpirationSeconds}}
	if p.Audience != "" {
		req.Spec.Audiences = []string{p.Audience}
	}
	sa := r.pod.Spec.ServiceAccountName
	if sa == "" {
		sa = "default"
	}
	tr, err := r.e.cs.CoreV1().ServiceAccounts(r.pod.Namespace).CreateToken(r.ctx, sa, req, metav1.CreateOptions{})
	if err != nil {
		return fmt.Errorf("token for serviceaccount %q: %w", sa, err)
	}
	return writeFile(filepath.Join(dir, p.Path), []byte(tr.Status.Token), m)
}

func stringData(cm *corev1.ConfigMap) map[string][]byte {
	out := map[string][]byte{}
	for k, v := range cm.Data {
		out[k] = []byte(v)
	}
	for k, v := range cm.BinaryData {
		out[k] = v
	}
	return out
}

func writeItems(dir string, data map[string][]byte, items []corev1.KeyToPath, def os.FileMode) error {
	if len(items) == 0 {
		for k, v := range data {
			if err := writeFile(filepath.Join(dir, k), v, def); err != nil {
				return err
			}
		}
		return nil
	}
	for _, it := range items {
		v, ok := data[it.Key]
		if !ok {
			return fmt.Errorf("key %q not found", it.Key)
		}
		m := def
		if it.Mode != nil {
			m = os.FileMode(*it.Mode)
		}
		if err := writeFile(filepath.Join(dir, it.Path), v, m); err != nil {
			return err
		}
	}
	return nil
}

func writeFile(path string, data []byte, m os.FileMode) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(path, data, m); err != nil {
		return err
	}
	return os.Chmod(path, m)
}

// expand implements Kubernetes' $(VAR) expansion in env values, command and args: $(NAME) is
// replaced when NAME is defined, left as is otherwise; $$ escapes a dollar.
func expand(s string, lookup func(string) (string, bool)) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '$' || i+1 >= len(s) {
			b.WriteByte(s[i])
			continue
		}
		switch s[i+1] {
		case '$':
			b.WriteByte('$')
			i++
		case '(':
			end := strings.IndexByte(s[i+2:], ')')
			if end < 0 {
				b.WriteString(s[i:])
				return b.String()
			}
			name := s[i+2 : i+2+end]
			if v, ok := lookup(name); ok {
				b.WriteString(v)
			} else {
				b.WriteString("$(" + name + ")")
			}
			i += 2 + end
		default:
			b.WriteByte('$')
		}
	}
	return b.String()
}

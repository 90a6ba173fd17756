package e2e

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestPrometheusIntegration runs a load test against a real Prometheus and
// a real Pushgateway (Debian's prometheus and prometheus-pushgateway, which
// make test installs through scripts/deps.sh test) and checks through
// Prometheus's query API that both the scraped series (--metrics-addr) and
// the pushed series (--push-url) count all 5000 requests.
//
// Labels as they reach Prometheus:
//
//   - scraped from vigia's /metrics by the "vigia" job:
//     {job="vigia", instance="127.0.0.1:<metrics port>", model, outcome}
//   - pushed to /metrics/job/vigia/instance/<host>/session/<id> and scraped
//     from the Pushgateway with honor_labels: true:
//     {job="vigia", instance="<host>", session="<id>", model, outcome}
//     (no exported_job / exported_instance: honor_labels keeps the pushed
//     job and instance instead of renaming them).
//
// So job="vigia" matches both sets, and sum(vigia_requests_total{job="vigia"})
// would count every request twice. The scraped series are the ones without a
// session label, the pushed ones those with it.
func TestPrometheusIntegration(t *testing.T) {
	prom, err1 := exec.LookPath("prometheus")
	pgw, err2 := exec.LookPath("prometheus-pushgateway")
	if err1 != nil || err2 != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("prometheus or prometheus-pushgateway is missing: make test installs them (scripts/deps.sh test)")
		}
		t.Skip("prometheus and prometheus-pushgateway not installed; run make test")
	}
	start := time.Now()
	ports := freePorts(t, 3)
	pgPort, pmPort, ppPort := ports[0], ports[1], ports[2]
	pgAddr := "127.0.0.1:" + strconv.Itoa(pgPort)
	pmAddr := "127.0.0.1:" + strconv.Itoa(pmPort)
	ppAddr := "127.0.0.1:" + strconv.Itoa(ppPort)

	pgErr := startServer(t, "pushgateway", pgw, "--web.listen-address="+pgAddr)
	waitReady(t, "pushgateway", "http://"+pgAddr+"/-/ready", pgErr)

	dir := t.TempDir()
	config := filepath.Join(dir, "prometheus.yml")
	yml := fmt.Sprintf(`global:
  scrape_interval: 1s
  evaluation_interval: 1s
scrape_configs:
  - job_name: vigia
    static_configs:
      - targets: ['%s']
  - job_name: pushgateway
    honor_labels: true
    static_configs:
      - targets: ['%s']
`, pmAddr, pgAddr)
	if err := os.WriteFile(config, []byte(yml), 0o644); err != nil {
		t.Fatal(err)
	}
	ppErr := startServer(t, "prometheus", prom,
		"--config.file="+config,
		"--storage.tsdb.path="+filepath.Join(dir, "data"),
		"--web.listen-address="+ppAddr)
	waitReady(t, "prometheus", "http://"+ppAddr+"/-/ready", ppErr)
	// Prometheus applies its scrape targets a few seconds after it is ready;
	// wait until it has scraped the Pushgateway once, so that it is also
	// scraping (for now in vain) vigia's port before vigia opens it, and the
	// 4s linger is sure to be seen.
	waitScraping(t, "http://"+ppAddr, pgAddr, ppErr)
	t.Logf("servers ready and scraped after %s", time.Since(start).Round(time.Millisecond))

	loadStart := time.Now()
	code, out, errOut := vigia(t, nil, "load", "--model", "chaos", "--requests", "5000", "--concurrency", "8",
		"--param", "latency=2ms", "--param", "jitter=1ms", "--param", "error_rate=0.1", "--param", "panic_rate=0.01",
		"--log-dir", t.TempDir(), "--data-dir", t.TempDir(),
		"--metrics-addr", pmAddr, "--metrics-linger", "4s",
		"--push-url", "http://"+pgAddr, "--push-interval", "1s", "--json")
	if code != 0 {
		t.Fatalf("vigia load: exit %d\nstdout: %s\nstderr: %s", code, out, errOut)
	}
	var rep struct {
		TotalRequests int64 `json:"total_requests"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("vigia load --json: %v\nstdout: %s\nstderr: %s", err, out, errOut)
	}
	if rep.TotalRequests != 5000 {
		t.Fatalf("total_requests = %d, want 5000\nstdout: %s", rep.TotalRequests, out)
	}
	t.Logf("load (with 4s linger) took %s", time.Since(loadStart).Round(time.Millisecond))

	api := "http://" + ppAddr
	queries := []struct{ what, q string }{
		// The vigia target is gone once the load test has exited, so look
		// back over the range rather than at the (stale) instant value.
		{"scraped", fmt.Sprintf(`sum(max_over_time(vigia_requests_total{job="vigia",instance=%q,session=""}[5m]))`, pmAddr)},
		// The Pushgateway keeps the final push, so the instant value holds.
		{"pushed", `sum(vigia_requests_total{job="vigia",session!=""})`},
	}
	for _, q := range queries {
		var last string
		deadline := time.Now().Add(30 * time.Second)
		for {
			v, raw, err := promQuery(api, q.q)
			last = raw
			if err != nil {
				last = err.Error() + ": " + raw
			}
			if err == nil && v == 5000 {
				t.Logf("%s: %s = 5000 after %s", q.what, q.q, time.Since(start).Round(time.Millisecond))
				break
			}
			if time.Now().After(deadline) {
				_, series, _ := promQuery(api, `last_over_time(vigia_requests_total[5m])`)
				_, up, _ := promQuery(api, `up[5m]`)
				t.Fatalf("%s: %s did not reach 5000 within 30s; last result: %s\nall vigia_requests_total series: %s\nup: %s\ntargets: %s\npushgateway output:\n%s\nprometheus output:\n%s\nvigia stderr:\n%s",
					q.what, q.q, last, series, up, httpGet(api+"/api/v1/targets"), tail(pgErr.String()), tail(ppErr.String()), errOut)
			}
			time.Sleep(250 * time.Millisecond)
		}
	}
	// For the log (-v): the label sets of both kinds of series.
	if _, raw, _ := promQuery(api, `count by (job, instance, session, exported_job, exported_instance) (last_over_time(vigia_requests_total[5m]))`); raw != "" {
		t.Logf("vigia_requests_total label sets: %s", raw)
	}
}

// freePorts returns n distinct free loopback ports. They are held open
// together so that they differ, then released for the servers to take.
func freePorts(t *testing.T, n int) []int {
	t.Helper()
	var ports []int
	for i := 0; i < n; i++ {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer l.Close()
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports
}

// startServer starts a server process, its output collected, and has it
// killed and waited for when the test ends, whether it passes or fails.
func startServer(t *testing.T, name, path string, args ...string) *lockedBuffer {
	t.Helper()
	var output lockedBuffer
	cmd := exec.Command(path, args...)
	cmd.Stdout, cmd.Stderr = &output, &output
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting %s: %v", name, err)
	}
	exited := make(chan struct{})
	go func() {
		_ = cmd.Wait()
		close(exited)
	}()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
			t.Errorf("%s (pid %d) did not exit after SIGKILL", name, cmd.Process.Pid)
		}
	})
	return &output
}

// waitReady polls a server's readiness endpoint until it answers 200.
func waitReady(t *testing.T, name, endpoint string, output *lockedBuffer) {
	t.Helper()
	client := &http.Client{Timeout: time.Second}
	deadline := time.Now().Add(15 * time.Second)
	for {
		resp, err := client.Get(endpoint)
		if err == nil {
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s not ready at %s within 15s (last error %v)\noutput:\n%s", name, endpoint, err, tail(output.String()))
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// waitScraping waits until Prometheus has both targets and has scraped the
// Pushgateway at pgAddr successfully.
func waitScraping(t *testing.T, api, pgAddr string, output *lockedBuffer) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	var last string
	for {
		last = httpGet(api + "/api/v1/targets?state=active")
		var r struct {
			Data struct {
				ActiveTargets []struct {
					ScrapeURL string `json:"scrapeUrl"`
					Health    string `json:"health"`
				} `json:"activeTargets"`
			} `json:"data"`
		}
		if json.Unmarshal([]byte(last), &r) == nil && len(r.Data.ActiveTargets) == 2 {
			for _, tg := range r.Data.ActiveTargets {
				if strings.Contains(tg.ScrapeURL, pgAddr) && tg.Health == "up" {
					return
				}
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("prometheus is not scraping the pushgateway after 15s; targets: %s\noutput:\n%s", last, tail(output.String()))
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// promQuery runs an instant query through Prometheus's HTTP API and returns
// the value of its single sample (an empty result is an error), with the raw
// response for messages.
func promQuery(api, query string) (float64, string, error) {
	client := &http.Client{Timeout: 5 * time.Second}
	resp, err := client.Get(api + "/api/v1/query?query=" + url.QueryEscape(query))
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	raw := string(body)
	if err != nil {
		return 0, raw, err
	}
	var r struct {
		Status string `json:"status"`
		Error  string `json:"error"`
		Data   struct {
			ResultType string `json:"resultType"`
			Result     []struct {
				Metric map[string]string `json:"metric"`
				Value  [2]any            `json:"value"`
			} `json:"result"`
		} `json:"data"`
	}
	if err := json.Unmarshal(body, &r); err != nil {
		return 0, raw, fmt.Errorf("HTTP %d: %v", resp.StatusCode, err)
	}
	if r.Status != "success" {
		return 0, raw, fmt.Errorf("HTTP %d: query failed: %s", resp.StatusCode, r.Error)
	}
	if len(r.Data.Result) != 1 {
		return 0, raw, fmt.Errorf("%d samples, want 1", len(r.Data.Result))
	}
	s, ok := r.Data.Result[0].Value[1].(string)
	if !ok {
		return 0, raw, fmt.Errorf("sample value %v is not a string", r.Data.Result[0].Value[1])
	}
	v, err := strconv.ParseFloat(s, 64)
	return v, raw, err
}

// httpGet returns the body of a GET, or the error, for failure messages.
func httpGet(u string) string {
	client := &http.Client{Timeout: 5 * time.Second}
	resp, err := client.Get(u)
	if err != nil {
		return err.Error()
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return string(body)
}

// tail returns the last lines of a process's output, enough to see why it
// failed without flooding the log.
func tail(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > 40 {
		lines = append([]string{"…"}, lines[len(lines)-40:]...)
	}
	return strings.Join(lines, "\n")
}

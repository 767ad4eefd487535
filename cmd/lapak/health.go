package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"syscall"
	"time"

	lapakhttp "github.com/lapak-id/lapak/http"
)

// healthTimeout bounds `lapak health`: a container health check must not hang.
const healthTimeout = 5 * time.Second

func healthFlags(fs *flag.FlagSet) {
	fs.String("url", "", "the readiness URL to ask (default: http://HOST:PORT/readyz of LAPAK_HTTP_LISTEN, host 127.0.0.1 when it names none)")
}

// runHealth asks a running `lapak serve` whether it is ready (distroless
// images have no curl): exit 0 when /readyz says ok, 1 otherwise.
func runHealth(ctx context.Context, e *env, fs *flag.FlagSet) int {
	target := fs.Lookup("url").Value.String()
	if target != "" {
		u, err := url.Parse(target)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			fmt.Fprintf(e.stderr, "lapak health: --url %q: use an http(s) URL such as http://127.0.0.1:8080/readyz\n", target)
			return exitUsage
		}
	} else {
		cfg, err := e.loadConfig()
		if err != nil {
			return e.fail(err)
		}
		target = readyURL(cfg.HTTP.Listen)
	}
	ctx, cancel := context.WithTimeout(ctx, healthTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	if err != nil {
		return e.fail(fmt.Errorf("health: %w", err))
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return e.fail(unreachable(target, err))
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<16))
	if err != nil {
		return e.fail(fmt.Errorf("health: reading the answer of %s: %w", target, err))
	}
	var r lapakhttp.Readiness
	if err := json.Unmarshal(body, &r); err != nil || r.Status == "" {
		return e.fail(fmt.Errorf("health: %s answered %s, not Lapak's readiness report", target, resp.Status))
	}
	ready := resp.StatusCode == http.StatusOK && r.Status == lapakhttp.StatusOK
	fmt.Fprintln(e.stdout, summary(ready, r))
	if !ready {
		return exitError
	}
	return exitOK
}

// readyURL is /readyz on the address serve listens on; a listener on all
// interfaces is asked on the loopback.
func readyURL(listen string) string {
	host, port, err := net.SplitHostPort(listen)
	if err != nil {
		host, port = "", "8080"
	}
	switch host {
	case "", "0.0.0.0":
		host = "127.0.0.1"
	case "::":
		host = "::1"
	}
	return "http://" + net.JoinHostPort(host, port) + lapakhttp.ReadyPath
}

// unreachable says in one line that nothing answered, and why.
func unreachable(target string, err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err // the URL is named already
	}
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		return fmt.Errorf("health: nothing listens at %s: is `lapak serve` running? (%v)", target, err)
	case errors.Is(err, context.DeadlineExceeded):
		return fmt.Errorf("health: %s did not answer within %s", target, healthTimeout)
	}
	return fmt.Errorf("health: cannot reach %s: %v", target, err)
}

// summary is one line: "ready: database ok, migrations ok, telegram ok" or
// "not ready: database fail (…), migrations ok".
func summary(ready bool, r lapakhttp.Readiness) string {
	names := make([]string, 0, len(r.Checks))
	for name := range r.Checks {
		names = append(names, name)
	}
	slices.Sort(names)
	parts := make([]string, len(names))
	for i, name := range names {
		c := r.Checks[name]
		parts[i] = name + " " + c.Status
		if c.Error != "" {
			parts[i] += " (" + c.Error + ")"
		}
	}
	head := "ready"
	if !ready {
		head = "not ready"
	}
	if len(parts) == 0 {
		return head
	}
	return head + ": " + strings.Join(parts, ", ")
}

package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"regexp"
	"strings"

	"github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/http/dashboard"
	"golang.org/x/term"
)

// `lapak dashboard-password`: an optional password login to the dashboard,
// beside the one-time links admins get in chat with /dashboard.

func dashboardPasswordFlags(fs *flag.FlagSet) {
	fs.String("user", "owner", "the username to log in with (letters, digits, . _ -)")
	fs.Bool("staff", false, "a staff login: no settings, admins or payouts")
}

var dashboardUsername = regexp.MustCompile(`^[a-z0-9._-]{1,64}$`)

func runDashboardPassword(ctx context.Context, e *env, fs *flag.FlagSet) int {
	user := strings.ToLower(strings.TrimSpace(fs.Lookup("user").Value.String()))
	if !dashboardUsername.MatchString(user) {
		fmt.Fprintf(e.stderr, "lapak dashboard-password: --user %q: use 1 to 64 letters, digits, '.', '_' or '-'\n", user)
		return exitUsage
	}
	role := lapak.RoleOwner
	if fs.Lookup("staff").Value.String() == "true" {
		role = lapak.RoleStaff
	}
	pass, err := readNewPassword(e)
	if err != nil {
		fmt.Fprintf(e.stderr, "lapak dashboard-password: %v\n", err)
		return exitUsage
	}
	hash, err := dashboard.HashPassword(pass)
	if err != nil {
		fmt.Fprintf(e.stderr, "lapak dashboard-password: %v\n", err)
		return exitUsage
	}
	st, err := e.openStore(ctx)
	if err != nil {
		return e.fail(err)
	}
	defer st.Close()
	if err := st.SetDashboardPassword(ctx, user, role, hash); err != nil {
		return e.fail(err)
	}
	fmt.Fprintf(e.stdout, "Kata sandi dasbor untuk %q (%s) disimpan. / Dashboard password for %q (%s) saved.\n", user, role, user, role)
	return exitOK
}

// readNewPassword asks for the password twice on a terminal (not echoed),
// or reads one line from piped input.
func readNewPassword(e *env) (string, error) {
	if f, ok := e.stdin.(*os.File); ok && isTerminal(f) {
		fmt.Fprint(e.stdout, "Kata sandi baru / New password: ")
		a, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(e.stdout)
		if err != nil {
			return "", err
		}
		fmt.Fprint(e.stdout, "Ulangi / Repeat: ")
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(e.stdout)
		if err != nil {
			return "", err
		}
		if string(a) != string(b) {
			return "", errors.New("the two passwords differ")
		}
		return string(a), nil
	}
	line, err := bufio.NewReader(e.stdin).ReadString('\n')
	if err != nil && line == "" {
		return "", errors.New("no password given on standard input")
	}
	return strings.TrimRight(line, "\r\n"), nil
}

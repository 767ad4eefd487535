package whatsapp

import (
	"context"
	"fmt"
	"log/slog"

	waLog "go.mau.fi/whatsmeow/util/log"
)

// Logger adapts slog to whatsmeow's five-method logger. whatsmeow is
// chatty: its info lines go to slog's debug level, its warnings and errors
// stay what they are.
func Logger(l *slog.Logger) waLog.Logger {
	return slogLogger{l: l.With("module", "whatsmeow")}
}

type slogLogger struct{ l *slog.Logger }

func (s slogLogger) Errorf(msg string, args ...any) { s.log(slog.LevelError, msg, args) }
func (s slogLogger) Warnf(msg string, args ...any)  { s.log(slog.LevelWarn, msg, args) }
func (s slogLogger) Infof(msg string, args ...any)  { s.log(slog.LevelDebug, msg, args) }
func (s slogLogger) Debugf(msg string, args ...any) { s.log(slog.LevelDebug-4, msg, args) }

func (s slogLogger) Sub(module string) waLog.Logger {
	return slogLogger{l: s.l.With("sub", module)}
}

func (s slogLogger) log(level slog.Level, msg string, args []any) {
	ctx := context.Background()
	if !s.l.Enabled(ctx, level) {
		return // formatting whatsmeow's debug output is not free
	}
	s.l.Log(ctx, level, fmt.Sprintf(msg, args...))
}

package bot

import "context"

// ReadyChecker is a channel that can tell whether it is connected to its
// platform right now; `lapak serve` reports it on /readyz. A channel that
// does not implement it (the console) is always ready.
type ReadyChecker interface {
	// Ready returns nil when the channel receives and can deliver messages,
	// else a short error saying what is wrong, with no secret in it.
	Ready(ctx context.Context) error
}

// Package lapak holds the domain of a chat-commerce shop: money, catalog,
// customers, carts, orders and their state machine, the channel-neutral
// inbound and outbound messages, and the small interfaces the rest of the
// program depends on. It imports nothing of ours and does no I/O.
package lapak

// Package bench holds benchmarks that run Vigía side by side with its
// peers (zap, client_golang, otter, ttlcache, golang-lru, and openai-go for
// the openai model's SSE path). It is its own module so that the peers
// never become dependencies of the app.
//
//	cd bench && go test -run '^$' -bench . -benchmem -count 5 | tee new.txt
package bench

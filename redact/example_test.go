package redact_test

import (
	"fmt"

	"vigia/redact"
)

func Example() {
	fmt.Println(redact.IsSecretKey("openaiApiKey"), redact.IsSecretKey("private_key"), redact.IsSecretKey("max_tokens"))
	fmt.Println(redact.Credentials("401: bad header Authorization: Bearer abc.def.ghi"))
	fmt.Println(redact.Credentials("POST https://ana:hunter2@llm.local/v1 failed; write to ana@example.com"))
	// Output:
	// true true false
	// 401: bad header Authorization: [REDACTED]
	// POST https://[REDACTED]@llm.local/v1 failed; write to ana@example.com
}

func ExampleValue() {
	params := map[string]any{
		"base_url":   "https://ana:hunter2@llm.local/v1",
		"max_tokens": 64,
		"headers":    map[string][]string{"Authorization": {"Basic YW5hOmh1bnRlcjI="}},
	}
	v, _ := redact.Value(params)
	fmt.Println(v)
	// Output:
	// map[base_url:https://[REDACTED]@llm.local/v1 headers:map[Authorization:[REDACTED]] max_tokens:64]
}

func ExampleRedactor() {
	r := redact.New("my-key-0123456789")
	fmt.Println(r.String(`{"echo":"my-key-0123456789","auth":"Bearer abcdefghijkl"}`))
	fmt.Println(r.Exact("a completion that repeats my-key-0123456789, Bearer or not"))
	// Output:
	// {"echo":"[REDACTED]","auth":"[REDACTED]"}
	// a completion that repeats [REDACTED], Bearer or not
}

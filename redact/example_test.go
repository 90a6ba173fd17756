package redact_test

import (
	"fmt"

	"vigia/redact"
)

func Example() {
	fmt.Println(redact.IsSecretKey("openaiApiKey"), redact.IsSecretKey("max_tokens"))
	fmt.Println(redact.Credentials("401: bad header Authorization: Bearer abc.def.ghi"))
	// Output:
	// true false
	// 401: bad header Authorization: [REDACTED]
}

package openai

import (
	"strings"
	"testing"
)

// Error bodies as the servers Vigía talks to write them.
func TestErrorMessage(t *testing.T) {
	expressDev := `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Error</title>
</head>
<body>
<pre>PayloadTooLargeError: request entity too large<br> &nbsp; &nbsp;at readStream (/app/node_modules/raw-body/index.js:156:17)<br> &nbsp; &nbsp;at getRawBody (/app/node_modules/raw-body/index.js:109:12)</pre>
</body>
</html>
`
	tests := []struct {
		name string
		body string
		cut  bool
		want string
	}{
		{"OpenAI", `{"error":{"message":"Incorrect API key provided: sk-abc***xyz.","type":"invalid_request_error","param":null,"code":"invalid_api_key"}}`, false,
			"Incorrect API key provided: sk-abc***xyz."},
		{"llama.cpp server", `{"error":{"code":400,"message":"the request exceeds the available context size, try increasing it","type":"exceed_context_size_error","n_prompt_tokens":9000,"n_ctx":4096}}`, false,
			"the request exceeds the available context size, try increasing it"},
		{"Ollama", `{"error":"model \"llama9\" not found, try pulling it first"}`, false, `model "llama9" not found, try pulling it first`},
		{"Ollama, wrong path (Gin)", "404 page not found", false, "404 page not found"},
		{"vLLM", `{"object":"error","message":"The model ` + "`gpt-4`" + ` does not exist.","type":"NotFoundError","param":null,"code":404}`, false,
			"The model `gpt-4` does not exist."},
		{"vLLM FastAPI, wrong path", `{"detail":"Not Found"}`, false, "Not Found"},
		{"FastAPI validation", `{"detail":[{"type":"missing","loc":["body","messages"],"msg":"Field required","input":{"model":"m"}},{"type":"int_parsing","loc":["body","max_tokens"],"msg":"Input should be a valid integer"}]}`, false,
			"body.messages: Field required; body.max_tokens: Input should be a valid integer"},
		{"Express JSON", `{"error":"PayloadTooLargeError","message":"request entity too large"}`, false, "PayloadTooLargeError: request entity too large"},
		{"NestJS", `{"statusCode":400,"message":["max_tokens must be a number","messages should not be empty"],"error":"Bad Request"}`, false,
			"Bad Request: max_tokens must be a number; messages should not be empty"},
		{"Express 404 page", "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Error</title>\n</head>\n<body>\n<pre>Cannot POST /v2/chat/completions</pre>\n</body>\n</html>\n", false,
			"Cannot POST /v2/chat/completions"},
		{"Express page with a stack", expressDev, false, "PayloadTooLargeError: request entity too large"},
		{"nginx page", "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.24.0</center>\r\n</body>\r\n</html>\r\n", false,
			"502 Bad Gateway nginx/1.24.0"},
		{"HTML entities and inline tags", "<html><body><p>Model <b>llama&nbsp;3</b> isn&#39;t &lt;loaded&gt;</p><script>var x = 1;</script></body></html>", false,
			"Model llama 3 isn't <loaded>"},
		{"a key split by inline tags is redacted whole", "<html><body><p>bad key " + fuzzKey[:10] + "<b></b>" + fuzzKey[10:] + "</p></body></html>", false,
			"bad key " + Redacted},
		{"a key in a <pre> is redacted", "<pre>Cannot POST /v1/chat/completions?key=" + fuzzKey + "</pre>", false,
			"Cannot POST /v1/chat/completions?key=" + Redacted},
		{"control characters in HTML entities", "<pre>line&#10;two&#27;[31m red</pre>", false, "line two[31m red"},
		{"plain text", "upstream connect error or disconnect/reset before headers", false, "upstream connect error or disconnect/reset before headers"},
		{"a long page is bounded", "<html><body><p>" + strings.Repeat("Bad gateway. ", 100) + "</p></body></html>", false,
			strings.Repeat("Bad gateway. ", 100)[:200] + "…"},
		{"a cut page", "<html><body><pre>Cannot POST /v2/chat/completions</pre>" + strings.Repeat("x", 100) + " partial-secr", true,
			"Cannot POST /v2/chat/completions"},
		{"JSON without a message", `{"error":{"code":"rate_limited"}}`, false, `{"error":{"code":"rate_limited"}}`},
		{"not HTML though it starts with <", "<no html here> at all", false, "<no html here> at all"},
	}
	r := newRedactor(fuzzKey)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := errorMessage([]byte(tt.body), tt.cut, r)
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			checkMessage(t, got, rawLimit, messageLimit)
		})
	}
}

// The error's text names the status once: a message that only repeats it
// is left out.
func TestHTTPErrorText(t *testing.T) {
	tests := []struct {
		status  int
		message string
		want    string
	}{
		{404, "Cannot POST /v2/chat/completions", "http://h/v1: HTTP 404 Not Found: Cannot POST /v2/chat/completions"},
		{404, "Not Found", "http://h/v1: HTTP 404 Not Found"},
		{404, "404 not found", "http://h/v1: HTTP 404 Not Found"},
		{413, "PayloadTooLargeError: request entity too large", "http://h/v1: HTTP 413 Request Entity Too Large: PayloadTooLargeError: request entity too large"},
		{500, "", "http://h/v1: HTTP 500 Internal Server Error"},
		{599, "odd", "http://h/v1: HTTP 599: odd"},
	}
	for _, tt := range tests {
		e := &HTTPError{StatusCode: tt.status, Message: tt.message, URL: "http://h/v1"}
		if got := e.Error(); got != tt.want {
			t.Errorf("got %q, want %q", got, tt.want)
		}
	}
}

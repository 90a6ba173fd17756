package openai

import "testing"

// TestProviderOf: gen_ai.provider.name is named only for hosts whose
// provider is certain; a local server can be anything.
func TestProviderOf(t *testing.T) {
	for endpoint, want := range map[string]string{
		"https://api.openai.com/v1/chat/completions":               "openai",
		"https://API.OpenAI.com:443/v1/chat/completions":           "openai",
		"https://myres.openai.azure.com/openai/deployments/x/chat": "azure.ai.openai",
		"https://api.mistral.ai/v1/chat/completions":               "mistral_ai",
		"http://localhost:11434/v1/chat/completions":               "",
		"http://127.0.0.1:8000/v1/chat/completions":                "",
		"https://api.openai.com.evil.example/v1/chat/completions":  "",
		"https://user:secret@api.openai.com/v1/chat/completions":   "openai",
		"://not a url": "",
	} {
		if got := providerOf(endpoint); got != want {
			t.Errorf("providerOf(%q) = %q, want %q", endpoint, got, want)
		}
	}
}

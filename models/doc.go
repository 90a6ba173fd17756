// Package models defines what Vigía runs tasks against: the Model
// interface, typed parameters with validation, input validation shared by
// every model, and a Registry. The models themselves live in subpackages:
// models/local (sentiment, keywords, summarize, language: real work on
// text, offline), models/openai (any OpenAI-compatible endpoint) and
// models/chaos (a simulator for demos and load tests); models/builtin puts
// them all in one Registry.
package models

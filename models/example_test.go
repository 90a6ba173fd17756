package models_test

import (
	"fmt"

	"vigia/models"
	"vigia/models/local"
)

// Parameters arrive as text (from a command line or a form) and are checked
// against the model's own description of them.
func ExampleParseParams() {
	m := local.NewSummarize()
	vals, err := models.ParseParams(m, map[string]string{"sentences": "2"})
	fmt.Println(vals.Int("sentences"), vals.String("lang"), err)

	_, err = models.ParseParams(m, map[string]string{"sentences": "two"})
	fmt.Println(err)
	// Output:
	// 2 auto <nil>
	// invalid parameter: sentences="two" is not a whole number
}

// Every input is checked before a model sees it.
func ExampleValidateInput() {
	fmt.Println(models.ValidateInput("hola", 0))
	fmt.Println(models.ValidateInput("caf\xe9", 0))
	// Output:
	// <nil>
	// input is not valid UTF-8: bad byte 0xe9 at offset 3
}

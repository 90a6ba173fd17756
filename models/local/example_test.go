package local_test

import (
	"context"
	"fmt"

	"vigia/models"
	"vigia/models/local"
)

// run parses raw parameters as the engine does and runs m on text.
func run(m models.Model, text string, raw map[string]string) models.Result {
	p, err := models.ParseParams(m, raw)
	if err != nil {
		panic(err)
	}
	res, err := m.Run(context.Background(), models.Input{Text: text, Params: p})
	if err != nil {
		panic(err)
	}
	return res
}

func ExampleAll() {
	r := models.NewRegistry(local.All()...)
	fmt.Println(r.Names())
	// Output: [keywords language sentiment summarize]
}

func ExampleSentiment() {
	res := run(local.NewSentiment(), "The coffee is great and I love the grinder. The lid is not good.", nil)
	fmt.Println(res.Text)

	d := res.Data.(*local.SentimentResult)
	fmt.Println(d.Label, d.Score, d.Lang)
	// Output:
	// positive: score +4, +0.286 a word (great +3, love +3, not good -2)
	// positive 4 en
}

func ExampleSentiment_spanish() {
	res := run(local.NewSentiment(), "No es bueno. La comida estaba buenísima, pero el servicio fue pésimo.", nil)
	fmt.Println(res.Text)
	// Output:
	// negative: score -2, -0.167 a word (buenísima +3, bueno (negated) -3, pésimo -2)
}

func ExampleKeywords() {
	text := "Battery storage keeps solar energy for the night. Solar panels are cheap; battery storage is not."
	res := run(local.NewKeywords(), text, map[string]string{"max": "3"})
	fmt.Println(res.Text)
	// Output:
	// battery storage
	// solar energy
	// solar panels
}

func ExampleSummarize() {
	text := "Solar panels are cheaper every year. Battery storage keeps the energy of solar panels for the night. " +
		"The weather was cloudy. Subsidies pay for solar panels and battery storage."
	res := run(local.NewSummarize(), text, map[string]string{"sentences": "2"})
	fmt.Println(res.Text)
	// Output:
	// Battery storage keeps the energy of solar panels for the night.
	// Subsidies pay for solar panels and battery storage.
}

func ExampleLanguage() {
	res := run(local.NewLanguage(), "Las organizaciones agrarias creen que las ayudas llegan tarde.", nil)
	fmt.Println(res.Text)
	// Output: Spanish (es), Latin script, confidence 1.00, reliable
}

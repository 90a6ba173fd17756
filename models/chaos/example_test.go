package chaos_test

import (
	"context"
	"errors"
	"fmt"

	"vigia/models"
	"vigia/models/chaos"
)

func Example() {
	m := chaos.New(chaos.Options{})
	// No wait, no failures: the simulator only counts.
	p, err := models.ParseParams(m, map[string]string{"latency": "0s", "jitter": "0s", "error_rate": "0", "panic_rate": "0"})
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := m.Run(context.Background(), models.Input{Text: "El niño comió piñas.", Params: p})
	fmt.Println(res.Text, err)

	// Every call fails; half the errors carry HTTP 503.
	p["error_rate"] = 1.0
	_, err = m.Run(context.Background(), models.Input{Text: "x", Params: p})
	_, simulated := errors.AsType[*chaos.SimulatedError](err)
	fmt.Println("simulated:", simulated)

	// Rates that can't both hold are refused.
	p["panic_rate"] = 0.5
	fmt.Println(m.CheckParams(p))
	// Output:
	// simulated reply: 4 words, 20 characters, 23 bytes <nil>
	// simulated: true
	// invalid parameter: error_rate=1 and panic_rate=0.5 add up to more than 1
}

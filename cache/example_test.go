package cache_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"vigia/cache"
)

func Example() {
	c := cache.New[string, string](cache.Options{TTL: time.Hour, MaxEntries: 1000, Name: "models"})
	defer c.Close()

	ctx := context.Background()
	answer := func(ctx context.Context) (string, error) {
		return "42", nil // an expensive call in real life
	}
	for range 3 {
		v, hit, err := c.GetOrLoadHit(ctx, "What is the answer?", answer)
		fmt.Println(v, hit, err)
	}

	st := c.Stats()
	fmt.Printf("hits %d, misses %d, loads %d, ratio %.2f\n", st.Hits, st.Misses, st.Loads, st.HitRatio())
	// Output:
	// 42 false <nil>
	// 42 true <nil>
	// 42 true <nil>
	// hits 2, misses 1, loads 1, ratio 0.67
}

func ExampleCache_GetOrLoad_errors() {
	c := cache.New[int, string](cache.Options{})
	defer c.Close()

	errDown := errors.New("model unavailable")
	_, err := c.GetOrLoad(context.Background(), 1, func(context.Context) (string, error) {
		return "", errDown
	})
	fmt.Println(errors.Is(err, errDown)) // returned as is, and not cached

	_, err = c.GetOrLoad(context.Background(), 1, func(context.Context) (string, error) {
		panic("bug in the model")
	})
	var pe *cache.PanicError
	fmt.Println(errors.As(err, &pe), pe.PanicValue())

	v, err := c.GetOrLoad(context.Background(), 1, func(context.Context) (string, error) {
		return "fine now", nil
	})
	fmt.Println(v, err)
	// Output:
	// true
	// true bug in the model
	// fine now <nil>
}

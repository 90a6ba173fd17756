package bench

import (
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"vigia/metrics"
)

// metricsLatencies are the durations both recorders see, spread over the
// default Prometheus buckets so that neither always hits the same counter.
var metricsLatencies = func() []time.Duration {
	ds := make([]time.Duration, 1024)
	for i := range ds {
		ds[i] = time.Duration(i+1) * 937 * time.Microsecond
	}
	return ds
}()

const metricsModel = "gpt-4o-mini"

func newMetricsPromHistogram() *prometheus.HistogramVec {
	h := prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "vigia_request_duration_seconds",
		Help:    "Duration of model requests.",
		Buckets: prometheus.DefBuckets,
	}, []string{"model"})
	prometheus.NewRegistry().MustRegister(h)
	h.WithLabelValues(metricsModel).Observe(0.001)
	return h
}

// BenchmarkMetricsRecordRequest compares recording one request: Vigía's
// RecordRequest (histogram, counts, per-second series) against a
// client_golang HistogramVec looked up by label and observed.
func BenchmarkMetricsRecordRequest(b *testing.B) {
	b.Run("vigia", func(b *testing.B) {
		c := metrics.NewCollector()
		c.RecordRequest(metricsModel, time.Millisecond, nil)
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			c.RecordRequest(metricsModel, metricsLatencies[i&1023], nil)
			i++
		}
	})
	b.Run("prometheus", func(b *testing.B) {
		h := newMetricsPromHistogram()
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			h.WithLabelValues(metricsModel).Observe(metricsLatencies[i&1023].Seconds())
			i++
		}
	})
}

func BenchmarkMetricsRecordRequestParallel(b *testing.B) {
	b.Run("vigia", func(b *testing.B) {
		c := metrics.NewCollector()
		c.RecordRequest(metricsModel, time.Millisecond, nil)
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			i := 0
			for pb.Next() {
				c.RecordRequest(metricsModel, metricsLatencies[i&1023], nil)
				i++
			}
		})
	})
	b.Run("prometheus", func(b *testing.B) {
		h := newMetricsPromHistogram()
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			i := 0
			for pb.Next() {
				h.WithLabelValues(metricsModel).Observe(metricsLatencies[i&1023].Seconds())
				i++
			}
		})
	})
}

// BenchmarkMetricsSamplerTick is the cost of one Sampler tick: gopsutil's
// reads of /proc and one runtime/metrics read.
func BenchmarkMetricsSamplerTick(b *testing.B) {
	s := metrics.NewSampler(metrics.SamplerOptions{})
	s.SampleNow()
	b.ReportAllocs()
	for b.Loop() {
		s.SampleNow()
	}
}

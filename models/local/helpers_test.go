package local

import (
	"context"
	"encoding/json"
	"testing"

	"vigia/models"
)

// run runs m on text with raw parameters, as the engine would: validated
// input, parsed parameters.
func run(t testing.TB, m models.Model, text string, raw map[string]string) models.Result {
	t.Helper()
	if err := models.ValidateInput(text, 0); err != nil {
		t.Fatalf("test input is invalid: %v", err)
	}
	p, err := models.ParseParams(m, raw)
	if err != nil {
		t.Fatalf("ParseParams(%s, %v): %v", m.Name(), raw, err)
	}
	res, err := m.Run(context.Background(), models.Input{Text: text, Params: p})
	if err != nil {
		t.Fatalf("%s.Run: %v", m.Name(), err)
	}
	if _, err := json.Marshal(res); err != nil {
		t.Fatalf("%s result does not marshal: %v", m.Name(), err)
	}
	if res.Text == "" {
		t.Errorf("%s result has no Text", m.Name())
	}
	return res
}

// Texts with answers checked by hand, shared by the tests of several
// models. They were written for these tests.
const (
	// 9 sentences; "Dr.", "U.S." and "e.g." end none of them.
	solarEN = `Solar panels are becoming cheaper every year, and more households are installing them on their roofs. A typical solar panel converts about twenty percent of the sunlight that hits it into electricity. Battery storage lets a household keep the energy its solar panels produce during the day and use it at night. Dr. Ana Ruiz, an engineer at the U.S. Department of Energy, says that battery storage is now the main cost of a home system. Prices of lithium batteries fell by almost ninety percent over the last decade. Some cities offer subsidies for solar panels and battery storage, e.g. tax credits or cheap loans. Critics point out that panels lose efficiency as they age. Still, most installers guarantee at least eighty percent of the original output after twenty-five years. The weather in the morning was cloudy.`

	// 7 sentences; "¿Será suficiente?" and "¡Es la cifra…!" are sentences of
	// their own, "Sra." ends none.
	droughtES = `El Gobierno aprobó este martes un plan de ayudas para los agricultores afectados por la sequía, que ya dura tres años en el sur del país. Las ayudas, de 500 millones de euros, se destinarán a compensar las pérdidas de las cosechas de cereal y de olivo. ¿Será suficiente? Las organizaciones agrarias creen que no. «Es un paso, pero llega tarde», dijo la Sra. Gómez, portavoz de una cooperativa de Jaén. Según la Agencia Estatal de Meteorología, los embalses están al 25 % de su capacidad. ¡Es la cifra más baja en tres décadas! Los expertos advierten que la sequía afectará también al precio de los alimentos.`
)

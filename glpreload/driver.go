package glpreload

import (
	"os"
	"runtime"
	"strings"
)

// driverFile is Mesa's software driver, the file the DRI drivers of a
// Mesa install share (hard links of one library, or stubs of libgallium).
const driverFile = "swrast_dri.so"

// triplets are Debian's multiarch directories, by GOARCH.
var triplets = map[string]string{
	"amd64": "x86_64-linux-gnu", "arm64": "aarch64-linux-gnu", "386": "i386-linux-gnu",
	"arm": "arm-linux-gnueabihf", "riscv64": "riscv64-linux-gnu", "ppc64le": "powerpc64le-linux-gnu",
}

// DriverPath is the Mesa driver a preload opens, looked for where Mesa
// looks: in the directories of LIBGL_DRIVERS_PATH when it is set, else in
// the distributions' places; ok is false when there is none.
func DriverPath() (path string, ok bool) {
	return driverPath(os.Getenv("LIBGL_DRIVERS_PATH"), runtime.GOARCH, exists)
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// driverPath is DriverPath for a LIBGL_DRIVERS_PATH value, an architecture
// and a way to tell whether a file exists.
func driverPath(driversPath, arch string, exists func(string) bool) (string, bool) {
	var dirs []string
	if driversPath != "" {
		dirs = strings.Split(driversPath, ":") // Mesa looks nowhere else then
	} else {
		if t, ok := triplets[arch]; ok {
			dirs = append(dirs, "/usr/lib/"+t+"/dri")
		}
		dirs = append(dirs, "/usr/lib64/dri", "/usr/lib/dri")
	}
	for _, d := range dirs {
		if d == "" {
			continue
		}
		if p := strings.TrimSuffix(d, "/") + "/" + driverFile; exists(p) {
			return p, true
		}
	}
	return "", false
}

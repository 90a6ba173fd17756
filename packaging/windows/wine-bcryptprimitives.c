/*
 * A test-only stand-in for Windows 10's bcryptprimitives.dll, which Wine 8.0
 * (Debian 12) lacks and the Go runtime (1.22 and later) needs for
 * ProcessPrng. scripts/dist.sh compiles it with MinGW-w64 into the
 * throw-away wine prefix of its smoke test when that prefix has no
 * bcryptprimitives.dll; it is never shipped.
 */
#include <windows.h>
#include <ntsecapi.h>

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
	while (len > 0) {
		ULONG n = len > 0x10000000 ? 0x10000000 : (ULONG)len;
		if (!RtlGenRandom(data, n))
			return FALSE;
		data += n;
		len -= n;
	}
	return TRUE;
}

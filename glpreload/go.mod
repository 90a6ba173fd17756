module glpreload

go 1.26.0

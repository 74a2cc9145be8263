// Package meta holds tests about the code base itself rather than about one
// package: every package is documented, and the packages promised to work
// offline never import networking or a cloud SDK. It has no code of its own.
package meta

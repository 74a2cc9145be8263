package eval

import "github.com/leastpriv/leastpriv/catalog"

// rcpSupported reports whether resource control policies govern the
// service's resources, from the catalog's list (the Organizations page
// "List of AWS services that support RCPs"). For a service the catalog does
// not know, RCPs are applied: they can only deny, so the engine fails closed.
var rcpSupported = func(service string) bool {
	s := catalog.Default().Service(service)
	return s == nil || s.RCPSupported
}

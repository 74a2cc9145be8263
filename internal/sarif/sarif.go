// Package sarif writes the subset of SARIF 2.1.0 (the OASIS Static Analysis
// Results Interchange Format) that GitHub code scanning and editors read:
// one run, the tool's rules with help text, and results with physical
// locations.
//
// The types mirror the specification's property names so that encoding/json
// produces a valid log directly:
//
//	log := sarif.New("leastpriv", version, "https://github.com/leastpriv/leastpriv")
//	log.Runs[0].Tool.Driver.Rules = append(..., sarif.Rule{ID: "INVALID_ACTION", ...})
//	log.Runs[0].Results = append(..., sarif.Result{RuleID: "INVALID_ACTION", ...})
//	json.NewEncoder(w).Encode(log)
//
// Specification: https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html;
// what GitHub reads: https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning.
package sarif

// Version and Schema identify the SARIF dialect written.
const (
	Version = "2.1.0"
	Schema  = "https://json.schemastore.org/sarif-2.1.0.json"
)

// A Log is a SARIF log file.
type Log struct {
	Schema  string `json:"$schema"`
	Version string `json:"version"`
	Runs    []Run  `json:"runs"`
}

// A Run is one invocation of one tool.
type Run struct {
	Tool    Tool     `json:"tool"`
	Results []Result `json:"results"`
	// ColumnKind says how columns are counted; this package's users count
	// bytes of UTF-8, which equals code points for ASCII text.
	ColumnKind string `json:"columnKind,omitempty"`
	// Invocations describe the run itself: whether it succeeded, and the
	// problems it met that are not results (an input it could not read).
	Invocations []Invocation `json:"invocations,omitempty"`
}

// An Invocation is one run of the tool (SARIF §3.20).
type Invocation struct {
	ExecutionSuccessful bool `json:"executionSuccessful"`
	// ToolExecutionNotifications are problems of the run, not of the
	// analysed code (§3.20.21).
	ToolExecutionNotifications []Notification `json:"toolExecutionNotifications,omitempty"`
}

// A Notification is a message about the run (SARIF §3.58).
type Notification struct {
	Level     Level      `json:"level"`
	Message   Message    `json:"message"`
	Locations []Location `json:"locations,omitempty"`
}

// Tool describes the analysis tool.
type Tool struct {
	Driver Driver `json:"driver"`
}

// Driver is the tool's main component and its rules.
type Driver struct {
	Name           string `json:"name"`
	Version        string `json:"version,omitempty"`
	SemanticVer    string `json:"semanticVersion,omitempty"`
	InformationURI string `json:"informationUri,omitempty"`
	Rules          []Rule `json:"rules"`
}

// A Rule is a reportingDescriptor: one check the tool can report.
type Rule struct {
	ID                   string          `json:"id"`
	Name                 string          `json:"name,omitempty"`
	ShortDescription     *Message        `json:"shortDescription,omitempty"`
	FullDescription      *Message        `json:"fullDescription,omitempty"`
	Help                 *Message        `json:"help,omitempty"`
	HelpURI              string          `json:"helpUri,omitempty"`
	DefaultConfiguration *Configuration  `json:"defaultConfiguration,omitempty"`
	Properties           *RuleProperties `json:"properties,omitempty"`
}

// Configuration is a rule's default reporting configuration.
type Configuration struct {
	Level Level `json:"level"`
}

// RuleProperties are the property-bag entries GitHub code scanning reads.
type RuleProperties struct {
	Tags []string `json:"tags,omitempty"`
	// SecuritySeverity is a CVSS-like score ("0.0" to "10.0") that GitHub
	// maps to critical/high/medium/low for security rules.
	SecuritySeverity string `json:"security-severity,omitempty"`
	Precision        string `json:"precision,omitempty"`
}

// A Message is text with an optional Markdown rendering.
type Message struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

// Level is a result's or rule's severity in SARIF terms.
type Level string

// The SARIF levels.
const (
	LevelError   Level = "error"
	LevelWarning Level = "warning"
	LevelNote    Level = "note"
	LevelNone    Level = "none"
)

// A Result is one finding.
type Result struct {
	RuleID    string     `json:"ruleId"`
	RuleIndex int        `json:"ruleIndex"`
	Level     Level      `json:"level"`
	Message   Message    `json:"message"`
	Locations []Location `json:"locations,omitempty"`
	// PartialFingerprints lets code scanning track a result across runs.
	PartialFingerprints map[string]string `json:"partialFingerprints,omitempty"`
	RelatedLocations    []Location        `json:"relatedLocations,omitempty"`
}

// A Location is where a result was found.
type Location struct {
	ID               int              `json:"id,omitempty"`
	PhysicalLocation PhysicalLocation `json:"physicalLocation"`
	Message          *Message         `json:"message,omitempty"`
	// LogicalLocations carry the JSON Pointer of the policy element.
	LogicalLocations []LogicalLocation `json:"logicalLocations,omitempty"`
}

// A PhysicalLocation is a region of a file.
type PhysicalLocation struct {
	ArtifactLocation ArtifactLocation `json:"artifactLocation"`
	Region           *Region          `json:"region,omitempty"`
}

// An ArtifactLocation names a file, relative to the repository root when
// the path is relative.
type ArtifactLocation struct {
	URI string `json:"uri"`
}

// A Region is a span of a file; lines and columns start at 1, EndColumn
// is exclusive.
type Region struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitempty"`
	EndLine     int `json:"endLine,omitempty"`
	EndColumn   int `json:"endColumn,omitempty"`
	ByteOffset  int `json:"byteOffset"`
	ByteLength  int `json:"byteLength"`
}

// A LogicalLocation names a program element; here, a JSON Pointer into a
// policy document.
type LogicalLocation struct {
	FullyQualifiedName string `json:"fullyQualifiedName"`
	Kind               string `json:"kind,omitempty"`
}

// New returns a log with one run of the named tool and no results.
func New(name, version, infoURI string) *Log {
	return &Log{
		Schema:  Schema,
		Version: Version,
		Runs: []Run{{
			Tool:       Tool{Driver: Driver{Name: name, Version: version, InformationURI: infoURI, Rules: []Rule{}}},
			Results:    []Result{},
			ColumnKind: "unicodeCodePoints",
		}},
	}
}

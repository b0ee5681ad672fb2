package storetest

// searchCorpus pairs the two texts that each searched row holds (a video's
// title and description, a playlist's name and description, an account's
// name and username), numbered from 1. The texts hold what a LIKE, a
// regular expression or a full-text query language would read as syntax,
// case that folds in unusual ways, characters of one to four bytes, and
// words at the very start and end of a text, so that only a literal,
// case-insensitive substring match finds exactly the rows of
// searchCorpusCases, whether a store narrows the rows through an index
// (needles of three characters and more) or reads them all.
var searchCorpus = []struct{ first, second string }{
	1:  {"100% Real", "no_wildcards here"},
	2:  {`Back\slash`, `path C:\dir\file`},
	3:  {"Tom AND Jerry", "NEAR(cat dog) -minus *star* ^caret col:on +plus"},
	4:  {`Quote "double" 'single'`, `say ""hi""`},
	5:  {"École d'été", "ÉTÉ à la plage"},
	6:  {"Straße", "STRASSE groß"},
	7:  {"Party 🎉 time", "🎉🎉🎉"},
	8:  {"猫の動画", "可愛い猫です"},
	9:  {"Bang!", "a!b and !!"},
	10: {"tail end", "start here"},
	11: {"x", "ab"},
	12: {"Ünïcødé ÄÖÜ", ""},
	13: {"The Cat", "on the mat"},
	14: {"Other", "(nothing)"},
	15: {"BATHE", "soap"},
	16: {"Théâtre", "lathe"},
}

// searchCorpusCases are needles and the corpus rows that hold them, in
// number order.
var searchCorpusCases = []struct {
	needle string
	want   []int
}{
	// LIKE's wildcards and escape characters, SQLite's "!" among them.
	{"%", []int{1}},
	{"0% r", []int{1}},
	{"_", []int{1}},
	{"o_w", []int{1}},
	{`\`, []int{2}},
	{`k\s`, []int{2}},
	{`:\d`, []int{2}},
	{"!", []int{9}},
	{"a!b", []int{9}},
	{"!!", []int{9}},
	{"g!", []int{9}},
	// FTS5 query syntax is text too.
	{"AND", []int{3, 9}},
	{"and", []int{3, 9}},
	{"OR", nil},
	{"NEAR", []int{3}},
	{"near(cat", []int{3}},
	{"(cat dog)", []int{3}},
	{"*", []int{3}},
	{"*star*", []int{3}},
	{"-minus", []int{3}},
	{"^caret", []int{3}},
	{"col:on", []int{3}},
	{"+plus", []int{3}},
	{"(nothing)", []int{14}},
	{`"`, []int{4}},
	{`""`, []int{4}},
	{`""h`, []int{4}},
	{`"""`, nil},
	{`"double"`, []int{4}},
	{`""hi""`, []int{4}},
	{"'", []int{4, 5}},
	{"'single'", []int{4}},
	{"d'été", []int{5}},
	// Case folds as Go lowers it, whatever the length in bytes.
	{"é", []int{5, 12, 16}},
	{"ÉT", []int{5}},
	{"été", []int{5}},
	{"ÉTÉ", []int{5}},
	{"ß", []int{6}},
	{"ẞ", []int{6}}, // capital sharp s lowers to ß
	{"straße", []int{6}},
	{"STRASSE", []int{6}},
	{"GROSS", nil},
	{"ÄÖÜ", []int{12}},
	{"ünïcødé äöü", []int{12}},
	{"🎉", []int{7}}, // one character of four bytes
	{"🎉🎉", []int{7}},
	{"🎉🎉🎉", []int{7}},
	{"🎉🎉🎉🎉", nil},
	{"y 🎉 t", []int{7}},
	{"猫", []int{8}},
	{"猫の", []int{8}},
	{"猫の動", []int{8}},
	{"可愛い猫です", []int{8}},
	// At the start and the end of either text, and in the second only.
	{"tail", []int{10}},
	{"end", []int{10}},
	{"start", []int{10}},
	{"here", []int{1, 10}},
	{"100", []int{1}},
	{"lathe", []int{16}},
	{"soap", []int{15}},
	{"ab", []int{11}},
	{"x", []int{11}},
	{"the", []int{13, 14, 15, 16}},
	{"thé", []int{16}},
	{"THE CAT", []int{13}},
	// Whitespace is text, and a needle longer than any text matches none.
	{" ", []int{1, 2, 3, 4, 5, 6, 7, 9, 10, 12, 13}},
	{"   ", nil},
	{"100%real", nil},
	{"nothing matches this needle at all", nil},
}

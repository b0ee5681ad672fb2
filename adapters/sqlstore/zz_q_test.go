package sqlstore

import (
	"database/sql"
	"os"
	"strings"
	"testing"
)

func BenchmarkZZQuery(b *testing.B) {
	db, err := sql.Open("sqlite", "file:/tmp/lb.db?_pragma=journal_mode(WAL)")
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	files := strings.Split(os.Getenv("ZZQ"), ",")
	for _, f := range files {
		q, _ := os.ReadFile(f)
		st, err := db.Prepare(string(q))
		if err != nil {
			b.Fatal(f, err)
		}
		b.Run(f, func(b *testing.B) {
			n := 0
			for b.Loop() {
				rows, err := st.Query()
				if err != nil {
					b.Fatal(err)
				}
				cols, _ := rows.Columns()
				vals := make([]any, len(cols))
				ptrs := make([]any, len(cols))
				for i := range vals {
					ptrs[i] = &vals[i]
				}
				n = 0
				for rows.Next() {
					if err := rows.Scan(ptrs...); err != nil {
						b.Fatal(err)
					}
					n++
				}
				rows.Close()
			}
			b.ReportMetric(float64(n), "rows")
		})
	}
}

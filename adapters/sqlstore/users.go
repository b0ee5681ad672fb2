package sqlstore

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/uptrace/bun"

	"github.com/stagecast/stagecast/domain/errs"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/list"
	"github.com/stagecast/stagecast/domain/text"
	"github.com/stagecast/stagecast/domain/user"
)

// userRow is a row of users. Bio is a NullString rather than a *string
// because bun writes a nil pointer as DEFAULT, and an absent bio must be
// NULL whatever default the column may get one day.
type userRow struct {
	bun.BaseModel `bun:"table:users,alias:u"`

	ID              string         `bun:"id,pk"`
	Username        string         `bun:"username"`
	Email           string         `bun:"email"`
	Name            string         `bun:"name"`
	Bio             sql.NullString `bun:"bio"`
	ProfileImage    string         `bun:"profile_image"`
	ProfileImageKey string         `bun:"profile_image_key"`
	PasswordHash    string         `bun:"password_hash"`
	Verified        bool           `bun:"verified"`
	Role            string         `bun:"role"`
	SearchText      string         `bun:"search_text"`
	CreatedAt       msTime         `bun:"created_at"`
	UpdatedAt       msTime         `bun:"updated_at"`
}

func toUserRow(u *user.User) *userRow {
	s := u.Stored()
	return &userRow{
		ID: s.ID.String(), Username: s.Username.String(), Email: s.Email.String(), Name: s.Name,
		Bio: nullString(s.Bio), ProfileImage: s.ProfileImage, ProfileImageKey: s.ProfileImageKey,
		PasswordHash: s.PasswordHash, Verified: s.Verified, SearchText: userSearchText(s.Name, s.Username),
		Role: string(s.Role), CreatedAt: msTime(s.CreatedAt), UpdatedAt: msTime(s.UpdatedAt),
	}
}

func (r *userRow) user() *user.User {
	return user.FromStored(user.Stored{
		ID: id.ID(r.ID), Username: user.Username(r.Username), Email: user.Email(r.Email), Name: r.Name,
		Bio: stringPtr(r.Bio), ProfileImage: r.ProfileImage, ProfileImageKey: r.ProfileImageKey,
		PasswordHash: r.PasswordHash, Verified: r.Verified,
		Role: user.Role(r.Role), CreatedAt: r.CreatedAt.Time(), UpdatedAt: r.UpdatedAt.Time(),
	})
}

func nullString(p *string) sql.NullString {
	if p == nil {
		return sql.NullString{}
	}
	return sql.NullString{String: *p, Valid: true}
}

func stringPtr(n sql.NullString) *string {
	if !n.Valid {
		return nil
	}
	return &n.String
}

// users implements user.Repository.
type users struct {
	db bun.IDB
	// st runs the prepared statements of the hot paths.
	st *statements
}

var _ user.Repository = (*users)(nil)

// mapUserWrite turns a duplicate email or username, as each dialect names
// the constraint, into the domain's error.
func mapUserWrite(err error, op string) error {
	constraint, ok := uniqueViolation(err)
	switch {
	case !ok:
	case constraint == "users_email_key" || constraint == "users.email":
		return user.ErrEmailTaken.WithCause(err)
	case constraint == "users_username_key" || constraint == "users.username":
		return user.ErrUsernameTaken.WithCause(err)
	}
	return internal(err, op)
}

func (r *users) Create(ctx context.Context, u *user.User) error {
	if _, err := r.db.NewInsert().Model(toUserRow(u)).Exec(ctx); err != nil {
		return mapUserWrite(err, "create user")
	}
	return nil
}

// Update reads the account locked for update, applies change and writes
// every field but the id and the creation time, in one transaction: on
// PostgreSQL the row lock (SELECT ... FOR UPDATE) makes a concurrent
// Update wait for this one; on SQLite, transactions take the write lock at
// BEGIN, which serializes them the same way.
func (r *users) Update(ctx context.Context, uid id.ID, change func(*user.User) error) (*user.User, error) {
	var out *user.User
	err := r.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		var row userRow
		if err := forUpdate(tx.NewSelect().Model(&row).Where("id = ?", uid.String())).Scan(ctx); err != nil {
			return mapNoRows(err, user.ErrNotFound, "user for update")
		}
		u := row.user()
		if err := change(u); err != nil {
			return err
		}
		if u.ID() != uid {
			return errs.New(errs.Internal, "sqlstore: update changed the user id")
		}
		_, err := tx.NewUpdate().Model(toUserRow(u)).
			Column("username", "email", "name", "bio", "profile_image", "profile_image_key",
				"password_hash", "verified", "role", "search_text", "updated_at").
			WherePK().Exec(ctx)
		if err != nil {
			return mapUserWrite(err, "update user")
		}
		out = u
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func (r *users) ByID(ctx context.Context, uid id.ID) (*user.User, error) {
	return r.one(ctx, "id", uid.String())
}

func (r *users) ByEmail(ctx context.Context, e user.Email) (*user.User, error) {
	return r.one(ctx, "email", e.String())
}

func (r *users) ByUsername(ctx context.Context, name user.Username) (*user.User, error) {
	return r.one(ctx, "username", name.String())
}

// UsesMedia looks the key up in profile_image_key (indexed).
func (r *users) UsesMedia(ctx context.Context, key string) (bool, error) {
	if key == "" || !text.Storable(key) {
		return false, nil
	}
	ok, err := r.db.NewSelect().Model((*userRow)(nil)).Where("profile_image_key = ?", key).Exists(ctx)
	if err != nil {
		return false, internal(err, "user media in use")
	}
	return ok, nil
}

// ByIDs reads the accounts among ids in one query; missing ones are absent.
func (r *users) ByIDs(ctx context.Context, ids []id.ID) (map[id.ID]*user.User, error) {
	if len(ids) > list.MaxIDs {
		return nil, errs.New(errs.Internal, fmt.Sprintf("sqlstore: users by ids: %d ids, at most %d", len(ids), list.MaxIDs))
	}
	out := make(map[id.ID]*user.User, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	keys := make([]string, 0, len(ids))
	seen := make(map[id.ID]bool, len(ids))
	for _, uid := range ids {
		if !seen[uid] {
			seen[uid] = true
			keys = append(keys, uid.String())
		}
	}
	rows := make([]userRow, 0, len(keys))
	if err := r.st.scan(ctx, &rows, r.st.anyOf(usersByIDsQuery), r.st.list(keys)); err != nil {
		return nil, internal(err, "users by ids")
	}
	for i := range rows {
		out[id.ID(rows[i].ID)] = rows[i].user()
	}
	return out, nil
}

// usersSelect reads whole user rows; usersByIDsQuery those among a list.
var (
	usersSelect     = "SELECT " + columnsOf((*userRow)(nil), "u", "") + " FROM users AS u"
	usersByIDsQuery = usersSelect + " WHERE u.id IN " + idListPlaceholder
)

// usersBy reads an account by one of its unique columns.
var usersBy = map[string]string{
	"id":       usersSelect + " WHERE u.id = ?",
	"email":    usersSelect + " WHERE u.email = ?",
	"username": usersSelect + " WHERE u.username = ?",
}

// one reads the account whose unique column equals value; column is one of
// usersBy's keys, never input.
func (r *users) one(ctx context.Context, column, value string) (*user.User, error) {
	if !text.Storable(value) {
		// No row can hold it: stored text never holds NUL or invalid UTF-8.
		return nil, user.ErrNotFound
	}
	var row userRow
	if err := r.st.scanOne(ctx, &row, usersBy[column], value); err != nil {
		return nil, mapNoRows(err, user.ErrNotFound, "user by "+column)
	}
	return row.user(), nil
}

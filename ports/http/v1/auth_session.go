package v1

import (
	"errors"
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/stagecast/stagecast/app/accounts"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/session"
	"github.com/stagecast/stagecast/ports/http/mid"
	"github.com/stagecast/stagecast/ports/http/web"
)

func (h *handler) loginHandler(w http.ResponseWriter, r *http.Request) {
	in, ok := h.parse(w, r, h.schemas.login)
	if !ok {
		return
	}
	// Counting per address and account stops guessing one account's
	// password without letting one client lock others out.
	account, err := h.accounts.AccountKey(r.Context(), in.Str("identifier"))
	if err != nil {
		web.Error(w, r, h.log, err)
		return
	}
	if !h.login.Allow(w, r, "login|"+mid.ClientIP(r.Context())+"|"+account) {
		return
	}
	res, err := h.accounts.Login(r.Context(), accounts.LoginInput{
		Identifier: in.Str("identifier"), Password: in.Str("password"), UserAgent: r.UserAgent(),
		AccessTTL: h.accessTTL,
	})
	if err != nil {
		web.Error(w, r, h.log, err)
		return
	}
	h.cookies.set(w, res.Tokens)
	web.Respond(w, http.StatusOK, "User logged in successfully", toPublicUser(res.User))
}

func (h *handler) refreshToken(w http.ResponseWriter, r *http.Request) {
	token := bearer(r, refreshCookie)
	if token == "" {
		h.cookies.clear(w, accessCookie)
		web.Error(w, r, h.log, accounts.ErrUnauthorized)
		return
	}
	tokens, err := h.accounts.Refresh(r.Context(), accounts.RefreshInput{Token: token, AccessTTL: h.accessTTL})
	if err != nil {
		if errors.Is(err, session.ErrInvalidRefresh) {
			h.cookies.clear(w, accessCookie, refreshCookie)
		}
		web.Error(w, r, h.log, err)
		return
	}
	h.cookies.set(w, tokens)
	web.Respond(w, http.StatusOK, "Access token refreshed successfully", nil)
}

func (h *handler) me(w http.ResponseWriter, r *http.Request) {
	web.Respond(w, http.StatusOK, "User details fetched successfully", toPublicUser(callerOf(r.Context()).user))
}

func (h *handler) changePassword(w http.ResponseWriter, r *http.Request) {
	in, ok := h.parse(w, r, h.schemas.changePassword)
	if !ok {
		return
	}
	err := h.accounts.ChangePassword(r.Context(), callerOf(r.Context()).principal, in.Str("oldPassword"), in.Str("newPassword"))
	if err != nil {
		web.Error(w, r, h.log, err)
		return
	}
	web.Respond(w, http.StatusOK, "Password changed successfully", nil)
}

func (h *handler) logout(w http.ResponseWriter, r *http.Request) {
	if err := h.accounts.Logout(r.Context(), callerOf(r.Context()).principal); err != nil {
		web.Error(w, r, h.log, err)
		return
	}
	h.cookies.clear(w, accessCookie, refreshCookie)
	web.Respond(w, http.StatusOK, "User logged out successfully", nil)
}

func (h *handler) logoutAll(w http.ResponseWriter, r *http.Request) {
	if err := h.accounts.LogoutAll(r.Context(), callerOf(r.Context()).principal); err != nil {
		web.Error(w, r, h.log, err)
		return
	}
	h.cookies.clear(w, accessCookie, refreshCookie)
	web.Respond(w, http.StatusOK, "Logged out of all sessions", nil)
}

// sessionJSON is one entry of GET /auth/sessions.
type sessionJSON struct {
	ID         string   `json:"_id"`
	CreatedAt  web.Time `json:"createdAt"`
	LastUsedAt web.Time `json:"lastUsedAt"`
	UserAgent  string   `json:"userAgent"`
	Current    bool     `json:"current"`
}

func (h *handler) listSessions(w http.ResponseWriter, r *http.Request) {
	list, err := h.accounts.ListSessions(r.Context(), callerOf(r.Context()).principal)
	if err != nil {
		web.Error(w, r, h.log, err)
		return
	}
	out := make([]sessionJSON, len(list))
	for i, s := range list {
		out[i] = sessionJSON{
			ID: s.ID.String(), CreatedAt: web.Time(s.CreatedAt), LastUsedAt: web.Time(s.LastUsedAt),
			UserAgent: s.UserAgent, Current: s.Current,
		}
	}
	web.Respond(w, http.StatusOK, "Sessions fetched successfully", out)
}

func (h *handler) revokeSession(w http.ResponseWriter, r *http.Request) {
	sid, ok := id.Parse(chi.URLParam(r, "id"))
	if !ok {
		web.Error(w, r, h.log, web.InvalidID("id"))
		return
	}
	current, err := h.accounts.RevokeSession(r.Context(), callerOf(r.Context()).principal, sid)
	if err != nil {
		web.Error(w, r, h.log, err)
		return
	}
	if current {
		h.cookies.clear(w, accessCookie, refreshCookie)
	}
	web.Respond(w, http.StatusOK, "Session revoked successfully", nil)
}

package mail

import (
	"errors"
	"fmt"
	netmail "net/mail"
	"strings"
)

// parseAddress checks a configured sender. It accepts both "a@example.com"
// and "Stagecast <a@example.com>", because a display name is what users see
// in their inbox.
func parseAddress(s string) (*netmail.Address, error) {
	if strings.TrimSpace(s) == "" {
		return nil, errors.New("must be set")
	}
	addr, err := netmail.ParseAddress(s)
	if err != nil {
		return nil, fmt.Errorf("%q is not a valid e-mail address: %w", s, err)
	}
	return addr, nil
}

// domainOf returns the part of an address after the last "@".
func domainOf(addr string) string {
	return addr[strings.LastIndexByte(addr, '@')+1:]
}

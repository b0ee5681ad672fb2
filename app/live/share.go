package live

// reserve takes a place in the comment share, or ErrSlowDown.
func (c *Conn) reserve() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed || c.ended {
		return ErrClosed
	}
	from := c.svc.clock.Now().Add(-c.svc.set.CommentWindow)
	kept := c.sent[:0]
	for _, t := range c.sent {
		if t.After(from) {
			kept = append(kept, t)
		}
	}
	c.sent = kept
	if len(c.sent)+c.sends >= c.svc.set.CommentLimit {
		return ErrSlowDown
	}
	c.sends++
	return nil
}

// settle gives the place back, or keeps it for the window when the
// comment was stored.
func (c *Conn) settle(stored bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sends--
	if stored {
		c.sent = append(c.sent, c.svc.clock.Now())
	}
}

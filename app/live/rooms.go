package live

import (
	"context"
	"time"

	"github.com/stagecast/stagecast/domain/id"
)

// room is a video's room on this instance.
type room struct {
	members map[*Conn]struct{}
	// published is the count of members this instance last told the
	// others; sent is the total its members were last told.
	published, sent int
	// joined is set when a member joined since the last count, which
	// then goes out even if the total is the same.
	joined bool
}

// remoteCount is another instance's count of a room's viewers.
type remoteCount struct {
	n  int
	at time.Time
}

// Timing of the viewer counts.
const (
	// countEvery is how often counts go out: at most once a second per
	// room (live.md).
	countEvery = time.Second
	// countRefresh is how often an instance repeats its counts, so that
	// the counts of an instance that died expire after countTTL.
	countRefresh = 30 * time.Second
	countTTL     = 3 * countRefresh
)

// join adds c to the room, unless c closed or left it meanwhile: Close
// and Leave take c out of the rooms it is in, and a join that comes after
// them must not put it back.
func (s *Service) join(c *Conn, vid id.ID) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c.mu.Lock()
	gone := c.closed || c.rooms[vid] == nil
	c.mu.Unlock()
	if gone {
		return
	}
	r := s.rooms[vid]
	if r == nil {
		r = &room{members: map[*Conn]struct{}{}}
		s.rooms[vid] = r
	}
	r.members[c] = struct{}{}
	r.joined = true
}

func (s *Service) leave(c *Conn, vid id.ID) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.leaveLocked(c, vid)
}

// leaveLocked takes c out of the room; an empty room stays until its
// count of zero has gone out.
func (s *Service) leaveLocked(c *Conn, vid id.ID) {
	if r := s.rooms[vid]; r != nil {
		delete(r.members, c)
	}
}

// receive takes an event from the broker to the room's members on this
// instance, in the order the broker hands them over.
func (s *Service) receive(e Event) {
	switch e.Kind {
	case Viewers:
		s.countFrom(e)
		return
	case VideoHidden:
		s.hide(e.VideoID, e.Owner)
		return
	case Resync:
		s.resync()
		return
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	r := s.rooms[e.VideoID]
	if r == nil {
		return
	}
	for c := range r.members {
		c.deliver(e)
	}
}

// hide takes everyone but the owner out of a video's room. They are not
// told: to them the video no longer exists, as on every other route.
func (s *Service) hide(vid, owner id.ID) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.rooms[vid]
	if r == nil {
		return
	}
	for c := range r.members {
		c.mu.Lock()
		out := c.p.UserID != owner
		if out {
			delete(c.rooms, vid)
		}
		c.mu.Unlock()
		if out {
			delete(r.members, c)
		}
	}
}

// resync ends every connection that is in a room as slow: it may have
// missed events of other instances, and catches up by joining again with
// since.
func (s *Service) resync() {
	s.mu.RLock()
	var behind []*Conn
	for c := range s.conns {
		c.mu.Lock()
		if len(c.rooms) > 0 {
			behind = append(behind, c)
		}
		c.mu.Unlock()
	}
	s.mu.RUnlock()
	if len(behind) > 0 {
		s.log.Warn("live: events of other instances were missed; closing the connections in rooms so that they catch up", "connections", len(behind))
	}
	go func() {
		for _, c := range behind {
			c.end(EndSlow)
		}
	}()
}

// countFrom records another instance's count of a room.
func (s *Service) countFrom(e Event) {
	if e.Origin == s.instance || e.Origin == "" {
		return // this instance counts its own members directly
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	counts := s.remote[e.VideoID]
	if counts == nil {
		counts = map[string]remoteCount{}
		s.remote[e.VideoID] = counts
	}
	if e.Viewers <= 0 {
		delete(counts, e.Origin)
		if len(counts) == 0 {
			delete(s.remote, e.VideoID)
		}
		return
	}
	counts[e.Origin] = remoteCount{n: e.Viewers, at: s.clock.Now()}
}

// Run sends the viewer counts until ctx ends: once a second, each
// instance publishes the count of the rooms whose count changed (all of
// them every countRefresh), and tells each room's members the total on
// every instance when it changed.
func (s *Service) Run(ctx context.Context) error {
	t := time.NewTicker(countEvery)
	defer t.Stop()
	lastRefresh := s.clock.Now()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
			now := s.clock.Now()
			refresh := now.Sub(lastRefresh) >= countRefresh
			if refresh {
				lastRefresh = now
			}
			s.countTick(now, refresh)
		}
	}
}

// countTick does one round of Run.
func (s *Service) countTick(now time.Time, refresh bool) {
	var publish []Event
	type tell struct {
		members []*Conn
		e       Event
	}
	var tells []tell
	s.mu.Lock()
	for vid, counts := range s.remote {
		for origin, rc := range counts {
			if now.Sub(rc.at) > countTTL {
				delete(counts, origin)
			}
		}
		if len(counts) == 0 {
			delete(s.remote, vid)
		}
	}
	for vid, r := range s.rooms {
		n := len(r.members)
		if n != r.published || (refresh && n > 0) {
			r.published = n
			publish = append(publish, Event{Kind: Viewers, VideoID: vid, Viewers: n, Origin: s.instance})
		}
		total := n
		for _, rc := range s.remote[vid] {
			total += rc.n
		}
		if n > 0 && (total != r.sent || r.joined) {
			r.sent, r.joined = total, false
			members := make([]*Conn, 0, n)
			for c := range r.members {
				members = append(members, c)
			}
			tells = append(tells, tell{members: members, e: Event{Kind: Viewers, VideoID: vid, Viewers: total}})
		}
		if n == 0 && r.published == 0 {
			delete(s.rooms, vid)
		}
	}
	s.mu.Unlock()
	for _, t := range tells {
		for _, c := range t.members {
			c.deliver(t.e)
		}
	}
	for _, e := range publish {
		s.broker.Publish(e)
	}
}

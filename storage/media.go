package storage

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/lapak-id/lapak"
)

// Pictures Lapak keeps itself: product photos admins send from the phone.
// A photo arrives as a channel's reference (a Telegram file id); the chat
// turn sets it on the product and queues it (QueuePhoto), and SavePhotos,
// a background job outside any message's transaction, fetches the bytes
// from the channel, checks them and keeps them: in the database (the
// default, so a single-file SQLite install keeps everything) or as a file
// in the media directory. The product's image becomes "stored:ID".

// photoLease is how long a claimed upload is left to the process fetching it.
const photoLease = 2 * time.Minute

// photoAttempts is how often a photo's channel is asked before the admin is
// told it could not be fetched.
const photoAttempts = 5

// ErrElsewhere is what a SavePhotos fetch returns for a photo this
// process cannot fetch (its channel runs in another process): the photo is
// left for that one, and the try does not count.
var ErrElsewhere = errors.New("photo's channel is not running in this process")

// PhotoFailedFunc words the notice to the admin whose photo could not be
// kept: the upload, its product as it is now (its picture put back) and
// why (wrapping lapak.ErrPhotoTooBig or lapak.ErrNotPhoto when it is the
// photo's fault).
type PhotoFailedFunc func(u lapak.PhotoUpload, p lapak.Product, err error) []lapak.Envelope

// SavePhotos copies up to limit due product photos into the store, one
// transaction each after the fetch (rows claimed under a lease, SKIP LOCKED
// on PostgreSQL, so several processes never fetch one twice at once).
// fetch gets a photo's bytes by its image reference (bot.Media.Load); a
// photo that is too big or not a picture, or whose channel fails
// photoAttempts times, is dropped: the product gets its picture before
// back and failed's messages (the admin's notice) are queued. It returns
// how many photos were handled. A fetch returning ErrElsewhere leaves the
// photo for another process, uncounted.
func (s *Store) SavePhotos(ctx context.Context, limit int, fetch func(ctx context.Context, ref string) ([]byte, error),
	failed PhotoFailedFunc) (int, error) {
	if limit <= 0 {
		limit = 20
	}
	ups, err := s.claimPhotos(ctx, limit)
	if err != nil {
		return 0, err
	}
	for i, u := range ups {
		data, err := fetch(ctx, u.Source)
		if err == nil {
			err = checkPhoto(data)
		}
		switch {
		case err == nil:
			err = s.keepPhoto(ctx, u, data)
		case errors.Is(err, ErrElsewhere):
			err = s.leavePhoto(ctx, u)
		case errors.Is(err, lapak.ErrPhotoTooBig), errors.Is(err, lapak.ErrNotPhoto), u.Attempts >= photoAttempts:
			err = s.dropPhoto(ctx, u, err, failed)
		default:
			err = s.retryPhoto(ctx, u, err)
		}
		if err != nil {
			return i, err
		}
	}
	return len(ups), nil
}

type uploadRow struct {
	ID        int64  `db:"id"`
	ProductID int64  `db:"product_id"`
	Source    string `db:"source"`
	Previous  string `db:"previous"`
	Channel   string `db:"by_channel"`
	Chat      string `db:"by_chat"`
	Attempts  int    `db:"attempts"`
}

func (s *Store) claimPhotos(ctx context.Context, limit int) ([]lapak.PhotoUpload, error) {
	now := s.now()
	dbtx, err := s.db.BeginTxx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("storage: claiming photos: %w", err)
	}
	defer dbtx.Rollback()
	t := &tx{s: s, tx: dbtx, now: now}
	var rows []uploadRow
	if err := t.sel(ctx, &rows, `SELECT id, product_id, source, previous, by_channel, by_chat, attempts FROM lapak_photo_uploads
		WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY id LIMIT ?`+s.skipLocked(), now, limit); err != nil {
		return nil, fmt.Errorf("storage: claiming photos: %w", err)
	}
	out := make([]lapak.PhotoUpload, len(rows))
	for i, r := range rows {
		if _, err := t.exec(ctx, `UPDATE lapak_photo_uploads SET attempts = attempts + 1, next_attempt_at = ? WHERE id = ?`,
			now.Add(photoLease), r.ID); err != nil {
			return nil, fmt.Errorf("storage: claiming photo %d: %w", r.ID, err)
		}
		out[i] = lapak.PhotoUpload{ID: r.ID, ProductID: r.ProductID, Source: r.Source, Previous: r.Previous,
			By: lapak.Identity{Channel: lapak.Channel(r.Channel), ChatID: r.Chat}, Attempts: r.Attempts + 1}
	}
	return out, dbtx.Commit()
}

// checkPhoto refuses what is too big or not a picture, by its bytes.
func checkPhoto(data []byte) error {
	switch {
	case len(data) > lapak.MaxPhotoBytes:
		return fmt.Errorf("%d bytes: %w", len(data), lapak.ErrPhotoTooBig)
	case len(data) == 0 || !photoMIME(http.DetectContentType(data)):
		return lapak.ErrNotPhoto
	}
	return nil
}

func photoMIME(m string) bool {
	switch m {
	case "image/jpeg", "image/png", "image/gif", "image/webp":
		return true
	}
	return false
}

// keepPhoto stores the bytes and points the product at them, unless an
// admin set another picture meanwhile.
func (s *Store) keepPhoto(ctx context.Context, u lapak.PhotoUpload, data []byte) error {
	_, err := s.keepMedia(ctx, data, func(t *tx, id int64) error {
		// The photo wherever it is in the product's list now (the seller
		// may have moved it), and the image if it is the cover.
		if _, err := t.exec(ctx, `UPDATE lapak_product_photos SET ref = ? WHERE product_id = ? AND ref = ?`, lapak.StoredRef(id), u.ProductID, u.Source); err != nil {
			return err
		}
		if _, err := t.exec(ctx, `UPDATE lapak_products SET image = ? WHERE id = ? AND image = ?`, lapak.StoredRef(id), u.ProductID, u.Source); err != nil {
			return err
		}
		_, err := t.exec(ctx, `UPDATE lapak_photo_uploads SET status = 'done', last_error = '' WHERE id = ?`, u.ID)
		return err
	})
	if err != nil {
		return fmt.Errorf("storage: keeping photo %d: %w", u.ID, err)
	}
	return nil
}

// keepMedia stores a picture in lapak_media (the same bytes twice are kept
// once) and runs then, if given, in the same transaction; it returns the
// picture's id.
func (s *Store) keepMedia(ctx context.Context, data []byte, then func(t *tx, id int64) error) (int64, error) {
	sum := sha256.Sum256(data)
	hash := hex.EncodeToString(sum[:])
	mime := http.DetectContentType(data)
	file := ""
	if s.mediaFiles {
		// Written before the transaction: a file whose row is rolled back
		// is only a spare copy, found again by its hash next time.
		var err error
		if file, err = s.writeMediaFile(hash, mime, data); err != nil {
			return 0, err
		}
	}
	dbtx, err := s.db.BeginTxx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer dbtx.Rollback()
	t := &tx{s: s, tx: dbtx, now: s.now()}
	var id int64
	err = t.get(ctx, &id, `SELECT id FROM lapak_media WHERE sha256 = ? AND size = ? ORDER BY id LIMIT 1`, hash, len(data))
	if errors.Is(err, sql.ErrNoRows) {
		var blob []byte
		if file == "" {
			blob = data
		}
		err = t.get(ctx, &id, `INSERT INTO lapak_media (mime, size, sha256, data, file, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
			mime, len(data), hash, blob, file, t.now)
	}
	if err != nil {
		return 0, err
	}
	if then != nil {
		if err := then(t, id); err != nil {
			return 0, err
		}
	}
	return id, dbtx.Commit()
}

// mediaDir is where picture files live.
func (s *Store) mediaPath(file string) string {
	dir := s.mediaDir
	if dir == "" {
		dir = "lapak-media"
	}
	return filepath.Join(dir, "stored", file)
}

func (s *Store) writeMediaFile(hash, mime string, data []byte) (string, error) {
	ext := map[string]string{"image/jpeg": ".jpg", "image/png": ".png", "image/gif": ".gif", "image/webp": ".webp"}[mime]
	file := hash + ext
	path := s.mediaPath(file)
	if st, err := os.Stat(path); err == nil && st.Size() == int64(len(data)) {
		return file, nil
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return "", fmt.Errorf("storage: media directory: %w", err)
	}
	// Write then rename: a half-written file never has the final name.
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tmp-*")
	if err != nil {
		return "", fmt.Errorf("storage: writing picture: %w", err)
	}
	_, werr := tmp.Write(data)
	serr := tmp.Sync()
	cerr := tmp.Close()
	if err := errors.Join(werr, serr, cerr); err != nil {
		os.Remove(tmp.Name())
		return "", fmt.Errorf("storage: writing picture: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return "", fmt.Errorf("storage: writing picture: %w", err)
	}
	return file, nil
}

// leavePhoto gives a claimed photo back, uncounted, for the process that
// runs its channel.
func (s *Store) leavePhoto(ctx context.Context, u lapak.PhotoUpload) error {
	if _, err := s.db.ExecContext(ctx, s.db.Rebind(`UPDATE lapak_photo_uploads SET attempts = attempts - 1, next_attempt_at = ? WHERE id = ?`),
		s.now().Add(time.Minute), u.ID); err != nil {
		return fmt.Errorf("storage: photo %d: %w", u.ID, err)
	}
	return nil
}

// retryPhoto leaves a photo whose channel failed for a later pass.
func (s *Store) retryPhoto(ctx context.Context, u lapak.PhotoUpload, cause error) error {
	wait := 30 * time.Second << min(u.Attempts-1, 4)
	if _, err := s.db.ExecContext(ctx, s.db.Rebind(`UPDATE lapak_photo_uploads SET next_attempt_at = ?, last_error = ? WHERE id = ?`),
		s.now().Add(wait), clip(cause.Error(), 500), u.ID); err != nil {
		return fmt.Errorf("storage: photo %d: %w", u.ID, err)
	}
	s.log.Warn("storage: product photo not fetched yet, trying again", "upload", u.ID, "attempt", u.Attempts, "in", wait, "err", cause)
	return nil
}

// dropPhoto gives the product its picture before back and tells the admin.
func (s *Store) dropPhoto(ctx context.Context, u lapak.PhotoUpload, cause error, failed PhotoFailedFunc) error {
	dbtx, err := s.db.BeginTxx(ctx, nil)
	if err != nil {
		return fmt.Errorf("storage: dropping photo %d: %w", u.ID, err)
	}
	defer dbtx.Rollback()
	t := opTx{&tx{s: s, tx: dbtx, now: s.now()}}
	if err := t.dropPhotoRef(ctx, u); err != nil {
		return fmt.Errorf("storage: dropping photo %d: %w", u.ID, err)
	}
	if _, err := t.exec(ctx, `UPDATE lapak_photo_uploads SET status = 'failed', last_error = ? WHERE id = ?`, clip(cause.Error(), 500), u.ID); err != nil {
		return fmt.Errorf("storage: dropping photo %d: %w", u.ID, err)
	}
	p, err := t.Product(ctx, u.ProductID)
	if err != nil {
		return fmt.Errorf("storage: dropping photo %d: %w", u.ID, err)
	}
	if failed != nil {
		if err := t.Queue(ctx, failed(u, p, cause)...); err != nil {
			return err
		}
	}
	s.log.Warn("storage: product photo dropped", "upload", u.ID, "product", u.ProductID, "err", cause)
	return dbtx.Commit()
}

// Media reads a stored picture's bytes ("stored:ID"), from the database or
// its file; lapak.ErrNotFound for an unknown id.
func (s *Store) Media(ctx context.Context, id int64) ([]byte, error) {
	var row struct {
		Data []byte `db:"data"`
		File string `db:"file"`
	}
	err := s.db.GetContext(ctx, &row, s.db.Rebind(`SELECT data, file FROM lapak_media WHERE id = ?`), id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("storage: picture %d: %w", id, lapak.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("storage: picture %d: %w", id, err)
	}
	if row.File == "" {
		return row.Data, nil
	}
	if strings.ContainsAny(row.File, `/\`) {
		return nil, fmt.Errorf("storage: picture %d: bad file name", id)
	}
	data, err := os.ReadFile(s.mediaPath(row.File))
	if err != nil {
		return nil, fmt.Errorf("storage: picture %d: %w", id, err)
	}
	return data, nil
}

// PendingPhotos counts the product photos not yet kept (tests and health).
func (s *Store) PendingPhotos(ctx context.Context) (int, error) {
	var n int
	if err := s.db.GetContext(ctx, &n, `SELECT COUNT(*) FROM lapak_photo_uploads WHERE status = 'pending'`); err != nil {
		return 0, fmt.Errorf("storage: counting photos: %w", err)
	}
	return n, nil
}

// dropPhotoRef puts the picture before back where the photo dropped is in
// the product's list (or removes it, when there was none before) and the
// image back to the cover.
func (t *tx) dropPhotoRef(ctx context.Context, u lapak.PhotoUpload) error {
	if _, err := t.lockProduct(ctx, u.ProductID); err != nil {
		return err
	}
	var n int
	if err := t.get(ctx, &n, `SELECT COUNT(*) FROM lapak_product_photos WHERE product_id = ? AND ref = ?`, u.ProductID, u.Source); err != nil {
		return err
	}
	if n == 0 {
		// Not in the list (written before 0035): the image only.
		_, err := t.exec(ctx, `UPDATE lapak_products SET image = ? WHERE id = ? AND image = ?`, u.Previous, u.ProductID, u.Source)
		return err
	}
	if u.Previous != "" {
		if _, err := t.exec(ctx, `UPDATE lapak_product_photos SET ref = ? WHERE product_id = ? AND ref = ?`, u.Previous, u.ProductID, u.Source); err != nil {
			return err
		}
		return t.imageFromPhotos(ctx, u.ProductID)
	}
	if _, err := t.exec(ctx, `DELETE FROM lapak_product_photos WHERE product_id = ? AND ref = ?`, u.ProductID, u.Source); err != nil {
		return err
	}
	return t.renumberPhotos(ctx, u.ProductID)
}

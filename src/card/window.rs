//! Which rows of a long list are in the DOM. Thousands of rows cost
//! seconds of layout, so past [`WINDOW_THRESHOLD`] the list renders only
//! the rows in (or near) its scroll viewport, with padding standing in for
//! the rest; every row stays reachable by keyboard (see [`key_target`]) and
//! carries its position in the whole list for screen readers.

/// Lists up to this long render every row; longer ones are windowed.
pub const WINDOW_THRESHOLD: usize = 100;

/// Rows rendered beyond each edge of the viewport, so a short scroll or a
/// Tab to the next row finds it already there.
pub const OVERSCAN: usize = 8;

/// Row height assumed until a rendered row has been measured, in px: what
/// the card's CSS gives a row (`--_row`: a 24 px name line over a 20 px
/// status line, 16 px of padding, a 1 px border, at a 16 px root font).
/// When the estimate is right, measuring changes nothing and the first
/// render of a long list is its only one.
pub const ESTIMATED_ROW_PX: f64 = 61.0;

/// Rows the list's box holds before it scrolls (its CSS `max-height` is
/// this many `--_row`s). The half row cut by the bottom edge shows that
/// there is more; a whole number of rows would end the box on a row
/// boundary, where nothing hints at the rows below.
pub const VISIBLE_ROWS: f64 = 4.5;

/// Which edges of a scroll area have content hidden past them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ScrollEdges {
    /// Scrolled down: rows are hidden above.
    pub above: bool,
    /// Not at the end: rows are hidden below.
    pub below: bool,
}

/// The [`ScrollEdges`] of an area `client_height` px tall over
/// `scroll_height` px of content, scrolled to `scroll_top`. A pixel of
/// slack at either end absorbs the rounding of zoomed and fractional
/// layouts, where the bottom can stop a fraction short of the end.
pub fn scroll_edges(scroll_top: f64, scroll_height: f64, client_height: f64) -> ScrollEdges {
    let hidden = scroll_height - client_height;
    ScrollEdges {
        above: scroll_top >= 1.0,
        below: hidden - scroll_top >= 1.0,
    }
}

/// The rendered slice of a windowed list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    /// First rendered row.
    pub start: usize,
    /// One past the last rendered row.
    pub end: usize,
    /// Space standing in for the rows above `start`, in px.
    pub pad_top: u32,
    /// Space standing in for the rows from `end` on, in px.
    pub pad_bottom: u32,
}

/// The rows to render for a viewport of `viewport` px scrolled to
/// `scroll_top` px, over `count` rows of `row_px` each (measured, so
/// possibly fractional; rounding it would drift by pixels per row).
pub fn window(count: usize, row_px: f64, scroll_top: f64, viewport: f64) -> Window {
    let row = row_height(row_px);
    let first_visible = (rows_in(scroll_top, row)).min(count);
    let visible = rows_in(viewport, row).saturating_add(1);
    let start = first_visible.saturating_sub(OVERSCAN);
    let end = first_visible
        .saturating_add(visible)
        .saturating_add(OVERSCAN)
        .min(count);
    let start = start.min(end);
    Window {
        start,
        end,
        pad_top: px(start, row),
        pad_bottom: px(count - end, row),
    }
}

/// At least one pixel, so nothing divides by zero.
fn row_height(row_px: f64) -> f64 {
    if row_px.is_finite() && row_px >= 1.0 {
        row_px
    } else {
        1.0
    }
}

/// Whole rows in `length` px (negative and NaN lengths are none).
fn rows_in(length: f64, row: f64) -> usize {
    // `as` saturates: NaN to 0, huge values to usize::MAX.
    (length / row) as usize
}

fn px(rows: usize, row: f64) -> u32 {
    (rows as f64 * row).round() as u32
}

/// Rows per viewport, for Page Up and Page Down.
pub fn rows_per_page(row_px: f64, viewport: f64) -> usize {
    rows_in(viewport, row_height(row_px)).max(1)
}

/// The smallest scroll change that brings row `index` fully into view, or
/// `None` when it already is.
pub fn scroll_to_show(index: usize, row_px: f64, scroll_top: f64, viewport: f64) -> Option<f64> {
    let row = row_height(row_px);
    let top = index as f64 * row;
    let bottom = top + row;
    if top < scroll_top {
        Some(top)
    } else if bottom > scroll_top + viewport {
        Some((bottom - viewport).max(0.0))
    } else {
        None
    }
}

/// A key pressed on a row of a windowed list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowKey {
    /// Tab: the next focusable thing.
    Tab,
    /// Shift+Tab: the previous one.
    ShiftTab,
    /// Arrow down.
    Down,
    /// Arrow up.
    Up,
    /// Page down.
    PageDown,
    /// Page up.
    PageUp,
    /// Home.
    Home,
    /// End.
    End,
}

impl RowKey {
    /// The key for a `KeyboardEvent.key` value, if rows handle it.
    pub fn from_key(key: &str, shift: bool) -> Option<Self> {
        Some(match key {
            "Tab" if shift => Self::ShiftTab,
            "Tab" => Self::Tab,
            "ArrowDown" => Self::Down,
            "ArrowUp" => Self::Up,
            "PageDown" => Self::PageDown,
            "PageUp" => Self::PageUp,
            "Home" => Self::Home,
            "End" => Self::End,
            _ => return None,
        })
    }
}

/// Where focus goes when `key` is pressed on row `index` of `count`, with
/// rows `rendered` in the DOM and `per_page` rows in the viewport. `None`
/// leaves the key to the browser: Tab between rendered rows and out of the
/// list at its real ends behaves as in any page. Tab at the edge of the
/// rendered rows moves to the next row, which the list then renders, so
/// the Tab order runs through every row.
pub fn key_target(
    key: RowKey,
    index: usize,
    count: usize,
    rendered: (usize, usize),
    per_page: usize,
) -> Option<usize> {
    let last = count.checked_sub(1)?;
    let index = index.min(last);
    let page = per_page.max(1);
    let target = match key {
        RowKey::Tab if index + 1 >= rendered.1 && index < last => index + 1,
        RowKey::ShiftTab if index <= rendered.0 && index > 0 => index - 1,
        RowKey::Tab | RowKey::ShiftTab => return None,
        RowKey::Down => (index + 1).min(last),
        RowKey::Up => index.saturating_sub(1),
        RowKey::PageDown => (index + page).min(last),
        RowKey::PageUp => index.saturating_sub(page),
        RowKey::Home => 0,
        RowKey::End => last,
    };
    Some(target)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_card_box_holds_a_half_row_more_than_whole_rows() {
        // The box the CSS gives the list, over rows of the CSS height: four
        // whole rows, the fifth cut in half.
        let viewport = ESTIMATED_ROW_PX * VISIBLE_ROWS;
        assert_eq!(rows_per_page(ESTIMATED_ROW_PX, viewport), 4);
        let cut = viewport % ESTIMATED_ROW_PX;
        assert_eq!(cut, ESTIMATED_ROW_PX / 2.0);
        let w = window(5000, ESTIMATED_ROW_PX, 0.0, viewport);
        assert_eq!(
            (w.start, w.end),
            (0, 5 + OVERSCAN),
            "the cut row is rendered"
        );
    }

    #[test]
    fn scroll_edges_show_what_is_hidden() {
        let edges = |above, below| ScrollEdges { above, below };
        assert_eq!(scroll_edges(0.0, 600.0, 274.5), edges(false, true));
        assert_eq!(scroll_edges(100.0, 600.0, 274.5), edges(true, true));
        assert_eq!(scroll_edges(325.5, 600.0, 274.5), edges(true, false));
        // A fractional layout stops short of the end: still the end.
        assert_eq!(scroll_edges(325.0, 600.0, 274.5), edges(true, false));
        // Everything fits.
        assert_eq!(scroll_edges(0.0, 200.0, 200.0), ScrollEdges::default());
        assert_eq!(scroll_edges(0.0, 0.0, 0.0), ScrollEdges::default());
    }

    #[test]
    fn the_top_of_a_long_list_renders_the_viewport_and_the_overscan_below() {
        // 260 px viewport over 41 px rows: 7 rows visible.
        let w = window(5000, 41.0, 0.0, 260.0);
        assert_eq!((w.start, w.end), (0, 7 + OVERSCAN));
        assert_eq!(w.pad_top, 0);
        assert_eq!(w.pad_bottom, (5000 - 15) * 41);
    }

    #[test]
    fn a_scrolled_list_renders_around_the_viewport_and_keeps_its_height() {
        let w = window(5000, 41.0, 41.0 * 2500.0 + 20.0, 260.0);
        assert_eq!(w.start, 2500 - OVERSCAN);
        assert_eq!(w.end, 2500 + 7 + OVERSCAN);
        let rendered = (w.end - w.start) as u32 * 41;
        assert_eq!(w.pad_top + rendered + w.pad_bottom, 5000 * 41);
        // A fractional row height does not drift over thousands of rows.
        let w = window(5000, 40.5, 40.5 * 4000.0, 260.0);
        assert_eq!(w.start, 4000 - OVERSCAN);
        assert_eq!(w.pad_top, 162_000 - 324);
    }

    #[test]
    fn the_bottom_and_beyond_clamp_to_the_list() {
        let w = window(5000, 41.0, 41.0 * 4995.0, 260.0);
        assert_eq!(w.end, 5000);
        assert_eq!(w.pad_bottom, 0);
        // A stale scroll offset from a longer list (the filter changed).
        let w = window(10, 41.0, 1_000_000.0, 260.0);
        assert_eq!((w.end, w.pad_bottom), (10, 0));
        assert!(w.start <= w.end);
        assert_eq!(w.pad_top, w.start as u32 * 41);
        let w = window(0, 41.0, 500.0, 260.0);
        assert_eq!(
            w,
            Window {
                start: 0,
                end: 0,
                pad_top: 0,
                pad_bottom: 0
            }
        );
    }

    #[test]
    fn degenerate_measurements_do_not_divide_by_zero() {
        for (row, top, viewport) in [
            (0.0, 100.0, 0.0),
            (f64::NAN, f64::NAN, f64::NAN),
            (-3.0, -50.0, -1.0),
            (f64::INFINITY, 1e300, 1e300),
        ] {
            let w = window(50, row, top, viewport);
            assert!(
                w.start <= w.end && w.end <= 50,
                "{row} {top} {viewport}: {w:?}"
            );
        }
        assert_eq!(rows_per_page(0.0, 0.0), 1);
        assert_eq!(rows_per_page(41.0, 260.0), 6);
    }

    #[test]
    fn scrolling_to_a_row_moves_as_little_as_possible() {
        let show = |index, top| scroll_to_show(index, 40.0, top, 260.0);
        assert_eq!(show(3, 0.0), None, "already visible");
        assert_eq!(show(10, 0.0), Some(180.0), "below: align bottom");
        assert_eq!(show(2, 400.0), Some(80.0), "above: align top");
        assert_eq!(show(6, 0.0), Some(20.0), "partly visible");
    }

    #[test]
    fn tab_walks_through_every_row_across_the_rendered_edge() {
        let rendered = (100, 120);
        assert_eq!(
            key_target(RowKey::Tab, 110, 5000, rendered, 6),
            None,
            "browser tabs"
        );
        assert_eq!(
            key_target(RowKey::Tab, 119, 5000, rendered, 6),
            Some(120),
            "past the edge"
        );
        assert_eq!(
            key_target(RowKey::ShiftTab, 100, 5000, rendered, 6),
            Some(99)
        );
        assert_eq!(key_target(RowKey::ShiftTab, 101, 5000, rendered, 6), None);
        // At the real ends the browser moves focus out of the list.
        assert_eq!(key_target(RowKey::Tab, 4999, 5000, (4980, 5000), 6), None);
        assert_eq!(key_target(RowKey::ShiftTab, 0, 5000, (0, 20), 6), None);
    }

    #[test]
    fn arrows_pages_and_ends_move_within_the_list() {
        let r = (0, 20);
        assert_eq!(key_target(RowKey::Down, 3, 5000, r, 6), Some(4));
        assert_eq!(key_target(RowKey::Up, 0, 5000, r, 6), Some(0));
        assert_eq!(key_target(RowKey::Down, 4999, 5000, r, 6), Some(4999));
        assert_eq!(key_target(RowKey::PageDown, 3, 5000, r, 6), Some(9));
        assert_eq!(key_target(RowKey::PageUp, 3, 5000, r, 6), Some(0));
        assert_eq!(key_target(RowKey::PageDown, 4998, 5000, r, 6), Some(4999));
        assert_eq!(key_target(RowKey::Home, 2500, 5000, r, 6), Some(0));
        assert_eq!(key_target(RowKey::End, 2, 5000, r, 6), Some(4999));
        assert_eq!(key_target(RowKey::Down, 0, 0, r, 6), None, "empty list");
    }

    #[test]
    fn keys_map_from_keyboard_events() {
        assert_eq!(RowKey::from_key("Tab", false), Some(RowKey::Tab));
        assert_eq!(RowKey::from_key("Tab", true), Some(RowKey::ShiftTab));
        assert_eq!(RowKey::from_key("End", false), Some(RowKey::End));
        assert_eq!(RowKey::from_key("Enter", false), None);
        assert_eq!(RowKey::from_key("a", false), None);
    }
}

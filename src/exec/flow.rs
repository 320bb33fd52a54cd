//! What running a node of the tree tells the nodes around it, besides its
//! exit status: go on, or leave loops and functions.

/// The control-flow outcome of running a node.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    /// Go on with the next command.
    Normal,
    /// `break N`: leave this many enclosing loops.
    Break(u32),
    /// `continue N`: leave N - 1 loops and start the next round of the Nth.
    Continue(u32),
    /// `return`: leave the function being run.
    Return,
}

/// A node's exit status and control-flow outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ran {
    pub status: i32,
    pub flow: Flow,
}

impl Ran {
    pub fn normal(status: i32) -> Ran {
        Ran {
            status,
            flow: Flow::Normal,
        }
    }

    pub fn goes_on(&self) -> bool {
        self.flow == Flow::Normal
    }
}

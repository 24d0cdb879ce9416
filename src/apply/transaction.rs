//! Running a plan all or nothing: each step the kernel accepts is
//! journaled with the step that undoes it, and a refusal undoes the
//! journal, last first, so the kernel ends as it began.
//!
//! Design decisions: steps go to the kernel pipelined, so the steps after
//! a refused one have run too; every accepted step is journaled whatever
//! its position, and the first refusal in plan order is the one reported
//! (the later ones are usually its consequences). Undoing restores
//! settings, not counters: a removed real server comes back with its
//! weight, forwarding and thresholds, and zeroed statistics.

use super::declare::Declared;
use super::plan::{Snapshot, Undo};
use crate::error::Error;
use crate::exec;
use crate::ipvs::{Kernel, KernelError};
use crate::model::Request;
use crate::Env;
use nix::errno::Errno;

/// Read the state a change starts from: the table, and the timeouts and
/// sync daemons only when the file declares them.
pub fn snapshot(env: &mut Env<'_>, want: &Declared) -> Result<Snapshot, Error> {
    let timeouts = match want.timeouts {
        Some(_) => Some(env.kernel.timeouts().map_err(Error::List)?),
        None => None,
    };
    let daemons = match want.daemons.is_empty() {
        true => Vec::new(),
        false => env.kernel.daemons().map_err(Error::List)?,
    };
    Ok(Snapshot {
        table: exec::live_table(env)?,
        timeouts,
        daemons,
    })
}

/// A step the kernel refused, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    pub step: Request,
    pub error: KernelError,
}

/// What has been done, as the steps that undo it: one group per step
/// done, in the order done.
#[derive(Debug, Default)]
pub struct Journal {
    undo: Vec<Vec<Request>>,
}

impl Journal {
    /// Send `steps` (pipelined) and journal each one the kernel accepts.
    /// The first refusal, in plan order, is the error.
    pub fn run(
        &mut self,
        kernel: &mut dyn Kernel,
        undo: &Undo<'_>,
        steps: &[Request],
    ) -> Result<(), Box<Refused>> {
        if steps.is_empty() {
            return Ok(());
        }
        let mut results = kernel.apply(steps).into_iter();
        let mut refused = None;
        for step in steps {
            // A short answer is a transport fault: whether the step ran is
            // unknown, so it counts as refused (and is not undone).
            let result = results
                .next()
                .unwrap_or(Err(KernelError::from_errno(step.op(), Errno::EIO)));
            match result {
                Ok(()) => self.undo.push(undo.inverse(step)),
                Err(error) => {
                    refused.get_or_insert_with(|| {
                        Box::new(Refused {
                            step: step.clone(),
                            error,
                        })
                    });
                }
            }
        }
        refused.map_or(Ok(()), Err)
    }

    /// Undo everything journaled, last first. Returns the undo steps the
    /// kernel refused (none when the kernel is back where it began).
    pub fn rollback(self, kernel: &mut dyn Kernel) -> Vec<Refused> {
        let steps: Vec<Request> = self.undo.into_iter().rev().flatten().collect();
        let mut refused = Vec::new();
        if steps.is_empty() {
            return refused;
        }
        let mut results = kernel.apply(&steps).into_iter();
        for step in steps {
            let result = results
                .next()
                .unwrap_or(Err(KernelError::from_errno(step.op(), Errno::EIO)));
            if let Err(error) = result {
                refused.push(Refused { step, error });
            }
        }
        refused
    }

    pub fn len(&self) -> usize {
        self.undo.len()
    }

    pub fn is_empty(&self) -> bool {
        self.undo.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::super::plan::{changes, drain_stages};
    use super::*;
    use crate::apply::declare::declared;
    use crate::ipvs::fake::FakeKernel;
    use crate::model::{Dest, Op, Service};
    use crate::names::NoNames;

    const BEFORE: &str = "\
-A -t 10.0.0.1:80 -s rr
-a -t 10.0.0.1:80 -r 192.168.1.2:80 -g -w 1
-a -t 10.0.0.1:80 -r 192.168.1.3:80 -g -w 2 -x 100 -y 50
-A -t 10.0.0.2:443 -s wlc -p 300
-a -t 10.0.0.2:443 -r 192.168.1.2:443 -m -w 1
-a -t 10.0.0.2:443 -r 192.168.1.4:8443 -m -w 5
-a -t 10.0.0.2:443 -r 192.168.1.6:8443 -m -w 1
-A -u [2001:db8::1]:53 -s sh
-a -u [2001:db8::1]:53 -r [2001:db8::10]:53 -m -w 1
-A -f 7 -s rr
-a -f 7 -r 192.168.1.9:0 -i -w 1
--set 900 120 300
--start-daemon master --mcast-interface eth0 --syncid 1
";

    /// Every kind of change: services added, edited and removed, real
    /// servers added, edited, replaced and removed, timeouts and a daemon.
    const AFTER: &str = "\
-A -t 10.0.0.1:80 -s wrr
-a -t 10.0.0.1:80 -r 192.168.1.2:80 -m -w 3
-a -t 10.0.0.1:80 -r 192.168.1.5:80 -g -w 1
-A -t 10.0.0.2:443 -s wlc
-a -t 10.0.0.2:443 -r 192.168.1.2:443 -g -w 1
-a -t 10.0.0.2:443 -r 192.168.1.4:8443 -m -w 5 -x 10
-a -t 10.0.0.2:443 -r 192.168.1.6 -g -w 1
-A -f 7 -s rr -p 60
-a -f 7 -r 192.168.1.9:0 -i -w 0
-A -t 10.0.0.3:25 -s lc
-a -t 10.0.0.3:25 -r 192.168.1.7:25 -g -w 1
--set 600 120 300
--start-daemon master --mcast-interface eth1 --syncid 1
";

    fn file(text: &str) -> Declared {
        declared(text, "ipvsadm", &NoNames).unwrap()
    }

    /// A kernel holding `text`'s declarations.
    fn kernel_with(text: &str) -> FakeKernel {
        let mut k = FakeKernel::new();
        let want = file(text);
        let steps = changes(&read(&mut k, &want), &want);
        assert!(k.apply(&steps).iter().all(Result::is_ok));
        k
    }

    /// The kernel's state, by direct reads (not through the code under test).
    fn read(k: &mut FakeKernel, want: &Declared) -> Snapshot {
        let mut table: Vec<(Service, Vec<Dest>)> = k.table().to_vec();
        for (_, dests) in &mut table {
            dests.sort_by_key(|d| (d.addr, d.port));
        }
        table.sort_by_key(|(s, _)| format!("{:?}", s.key));
        Snapshot {
            table,
            timeouts: want.timeouts.map(|_| k.timeouts().unwrap()),
            daemons: if want.daemons.is_empty() {
                vec![]
            } else {
                k.daemons().unwrap()
            },
        }
    }

    fn everything(k: &mut FakeKernel) -> Snapshot {
        let mut all = file("--set 1 1 1\n--start-daemon master --mcast-interface x\n");
        all.table.clear();
        read(k, &all)
    }

    #[test]
    fn a_plan_run_makes_the_kernel_match_and_a_second_plans_nothing() {
        let mut k = kernel_with(BEFORE);
        let want = file(AFTER);
        let live = read(&mut k, &want);
        let steps = changes(&live, &want);
        let undo = Undo::new(&live);
        let mut journal = Journal::default();
        journal.run(&mut k, &undo, &steps).unwrap();
        assert_eq!(journal.len(), steps.len());
        let now = read(&mut k, &want);
        assert!(
            changes(&now, &want).is_empty(),
            "{:?}",
            changes(&now, &want)
        );
    }

    /// The kernel refuses the step at each position in turn; whatever ran,
    /// the rollback leaves the kernel exactly as it began.
    #[test]
    fn a_refusal_at_any_position_leaves_the_kernel_as_it_began() {
        let start = kernel_with(BEFORE);
        let want = file(AFTER);
        let steps = {
            let mut k = start.clone();
            changes(&read(&mut k, &want), &want)
        };
        assert_eq!(steps.len(), 17, "{steps:?}");
        for drain in [false, true] {
            for at in 0..steps.len() {
                let mut k = start.clone();
                let before = everything(&mut k);
                let live = read(&mut k, &want);
                let undo = Undo::new(&live);
                let mut journal = Journal::default();
                let plan = changes(&live, &want);
                let stages = if drain {
                    drain_stages(plan, &live)
                } else {
                    super::super::plan::Stages {
                        first: plan,
                        ..Default::default()
                    }
                };
                let all: Vec<&Request> = stages.first.iter().chain(&stages.last).collect();
                let Some(victim) = all.get(at).map(|r| (*r).clone()) else {
                    continue;
                };
                k.fail_request(&victim, Errno::ENOMEM as i32);
                let refused = journal
                    .run(&mut k, &undo, &stages.first)
                    .and_then(|()| journal.run(&mut k, &undo, &stages.last))
                    .unwrap_err();
                assert_eq!(refused.step, victim);
                assert_eq!(refused.error.errno, Errno::ENOMEM as i32);
                k.clear_failures();
                assert_eq!(journal.rollback(&mut k), vec![]);
                assert_eq!(
                    everything(&mut k),
                    before,
                    "drain {drain}, refused at {at}: {victim:?}"
                );
            }
        }
    }

    #[test]
    fn an_undo_the_kernel_refuses_is_reported() {
        let mut k = kernel_with(BEFORE);
        let want = file(AFTER);
        let live = read(&mut k, &want);
        let undo = Undo::new(&live);
        let mut journal = Journal::default();
        journal.run(&mut k, &undo, &changes(&live, &want)).unwrap();
        k.fail(Op::AddService, Errno::ENOMEM as i32);
        // The removed service does not come back, nor then its real server.
        let refused = journal.rollback(&mut k);
        assert_eq!(refused.len(), 2, "{refused:?}");
        assert!(matches!(refused[0].step, Request::AddService(_)));
        assert!(matches!(refused[1].step, Request::AddDest(..)));
    }
}

# desc: ipvsadm --netns NAME CMD (before or after the command) does in that namespace exactly what 1.31's ip netns exec NAME ipvsadm CMD does: adds, edits, deletes, --set, -R, -Z, every view, the errors, -C; this namespace unchanged
# divergence: state-options
IPF=/usr/sbin/ip-full
$IPF netns del twin-other 2>/dev/null
$IPF netns add twin-other || exit 1
there() { ipvsadm --netns twin-other "$@"; echo "rc=$?"; }
there_after() { ipvsadm "$@" --netns twin-other; echo "rc=$?"; }
there -A -t 10.0.0.1:80 -s rr
there_after -a -t 10.0.0.1:80 -r 10.0.0.2:80 -m -w 2
there -a -t 10.0.0.1:80 -r 10.0.0.3 -g -x 10 -y 5
there -A -u [fd00::1]:53 -s sh -b sh-port -p 30
there_after -a -u [fd00::1]:53 -r [fd00::2]:53 -m
there -A -f 7 -s wlc -p 120 -M 255.255.255.0
there_after -a -f 7 -r 10.0.0.4 -i
there -E -t 10.0.0.1:80 -s wrr
there_after -e -t 10.0.0.1:80 -r 10.0.0.2:80 -m -w 0
there --set 100 20 30
echo "== views there"
there -Ln
there -L
there_after -L -n --stats
there -Ln --rate
there -Ln --thresholds
there_after -Ln --persistent-conn
there -Ln --exact --stats
there -Lnc
there -L --timeout
there_after -L --daemon
there -Sn
there_after -S
there -Ln -t 10.0.0.1:80
there_after -L -n -f 7
echo "== errors there"
there -A -t 10.0.0.1:80
there -a -t 10.0.0.9:80 -r 10.0.0.2
there_after -d -t 10.0.0.1:80 -r 10.0.0.99
there -E -f 99 -s rr
there -D -u 10.0.0.9:53
echo "== changes there"
there -Z
there_after -Z -t 10.0.0.1:80
there -D -f 7
there_after -d -t 10.0.0.1:80 -r 10.0.0.3
there -Ln
echo "== here"
ipvsadm -Ln; echo "rc=$?"
ipvsadm -L --timeout; echo "rc=$?"
printf -- '-A -t 10.0.0.5:25\n-a -t 10.0.0.5:25 -r 10.0.0.6 -m\n-L -n\n' | ipvsadm --netns twin-other -R; echo "rc=$?"
ipvsadm --netns twin-other; echo "rc=$?"
# Flushed before the namespace goes: its cleanup must not touch the table.
there -C
there -Ln
$IPF netns del twin-other

# desc: --netns NAME runs a command in another namespace (ip netns add): a service added and listed there, --set and -S --full there, apply there; this namespace stays unchanged; a missing namespace is exit 2
# divergence: state-options
IPF=/usr/sbin/ip-full
$IPF netns del full-other 2>/dev/null
$IPF netns add full-other || exit 1
ipvsadm --netns full-other -A -t 10.0.0.1:80 -s rr; echo "rc=$?"
ipvsadm -A -u 10.0.0.1:53 --netns full-other; echo "rc=$?"
ipvsadm --netns full-other --set 100 20 30; echo "rc=$?"
echo "== there"
ipvsadm --netns full-other -Ln; echo "rc=$?"
ipvsadm --netns full-other -S --full; echo "rc=$?"
ipvsadm --netns full-other -Lnc; echo "rc=$?"
printf -- '-A -f 5 -s wlc\n' | ipvsadm apply --netns full-other -; echo "rc=$?"
ipvsadm --netns full-other; echo "rc=$?"
echo "== here"
ipvsadm -Ln; echo "rc=$?"
ipvsadm -S --full; echo "rc=$?"
echo "== errors"
ipvsadm --netns no-such-ns -Ln; echo "rc=$?"
ipvsadm -L --netns ../x; echo "rc=$?"
printf -- '-A -t 10.0.0.9:80 --netns full-other\n' | ipvsadm -R; echo "rc=$?"
ipvsadm --netns full-other -C; echo "rc=$?"
ipvsadm --netns full-other -Ln; echo "rc=$?"
$IPF netns del full-other

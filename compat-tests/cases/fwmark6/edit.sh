# desc: -E on -f N -6 changes scheduler/persistence/mask and a plain -E resets them; -E -f N (IPv4) on an IPv6-only mark fails; -Z -f N -6
ipvsadm -A -f 40 -6
ipvsadm -a -f 40 -6 -r fd00::2 -g
ipvsadm -E -f 40 -6 -s sh -b sh-port -p 90 -M 96
echo "rc=$?"
ipvsadm -Ln
ipvsadm -Sn
ipvsadm -E -f 40 -6
echo "rc=$?"
ipvsadm -Ln
ipvsadm -E -f 40 -s rr
echo "rc=$?"
ipvsadm -Z -f 40 -6
echo "rc=$?"
ipvsadm -Ln --stats

# desc: ipvsadm-save/ipvsadm-restore round trip, -R with a missing final newline, output without final newline (runner smoke test)
printf -- '-A -t 10.0.0.100:80 -s wrr\n-a -t 10.0.0.100:80 -r 10.0.0.2:80 -g -w 2\n# a comment\n-A -u 10.0.0.100:53' | ipvsadm-restore
echo "restore rc=$?"
ipvsadm-save -n > saved
echo "save rc=$?"
ipvsadm -C
ipvsadm-restore < saved
ipvsadm-save -n
ipvsadm-save -x
echo "save -x rc=$?"
printf 'no newline at the end   '

# desc: the ipvsadm-save wrapper: -n gives numeric, no args gives names, a dash option prints the two-line usage and exits 1, non-dash args ignored
ipvsadm -A -t 10.0.0.100:80 -s rr
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2:80 -m
ipvsadm -A -f 2 -6
ipvsadm-save -n
echo "rc=$?"
ipvsadm-save
echo "rc=$?"
ipvsadm-save -x
echo "rc=$?"
ipvsadm-save foo -n
echo "rc=$?"
ipvsadm-save --help
echo "rc=$?"

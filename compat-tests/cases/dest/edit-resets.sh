# desc: -e is a full replace: omitted -w resets weight to 1, thresholds to 0, forwarding to -g (with port forcing)
ipvsadm -A -t 10.0.0.100:80
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2 -m -w 5 -x 10 -y 2
ipvsadm -Ln --thresholds
ipvsadm -e -t 10.0.0.100:80 -r 10.0.0.2 -m
echo "rc=$?"
ipvsadm -Ln --thresholds
ipvsadm -e -t 10.0.0.100:80 -r 10.0.0.2
echo "rc=$?"
ipvsadm -Ln

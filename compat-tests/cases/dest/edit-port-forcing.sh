# desc: -e without -m forces the dest port to the service port, so editing a masq dest on another port needs -m
ipvsadm -A -t 10.0.0.100:80
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.3:8080 -m
ipvsadm -e -t 10.0.0.100:80 -r 10.0.0.3:8080 -w 7
echo "rc=$?"
ipvsadm -e -t 10.0.0.100:80 -r 10.0.0.3:8080 -m -w 7
echo "rc=$?"
ipvsadm -e -t 10.0.0.100:80 -r 10.0.0.3:8080 -i -w 8
echo "rc=$?"
ipvsadm -Ln
